// Provider-format responses made in code: OPTIMADE entries, Materials Project documents,
// NIST WebBook pages (same element structure and ids as the live pages) and JCAMP-DX text.

/** Rock salt NaCl as its fcc primitive cell, OPTIMADE attributes (Cartesian Å). */
export function optimadeNaCl(a = 5.64, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const h = a / 2;
  return {
    lattice_vectors: [[0, h, h], [h, 0, h], [h, h, 0]],
    cartesian_site_positions: [[0, 0, 0], [h, h, h]],
    species_at_sites: ['Na', 'Cl'],
    species: [{ name: 'Na', chemical_symbols: ['Na'], concentration: [1] }, { name: 'Cl', chemical_symbols: ['Cl'], concentration: [1] }],
    chemical_formula_reduced: 'ClNa', nsites: 2, ...extra,
  };
}

/** A pymatgen Structure dict of CsCl (cubic, a Å). */
export function pymatgenCsCl(a = 4.12): Record<string, unknown> {
  return {
    '@module': 'pymatgen.core.structure', '@class': 'Structure', charge: 0,
    lattice: { matrix: [[a, 0, 0], [0, a, 0], [0, 0, a]], pbc: [true, true, true], a, b: a, c: a, alpha: 90, beta: 90, gamma: 90, volume: a ** 3 },
    sites: [
      { species: [{ element: 'Cs', occu: 1 }], abc: [0, 0, 0], xyz: [0, 0, 0], label: 'Cs', properties: {} },
      { species: [{ element: 'Cl', occu: 1 }], abc: [0.5, 0.5, 0.5], xyz: [a / 2, a / 2, a / 2], label: 'Cl', properties: {} },
    ],
  };
}

function page(title: string, main: string): string {
  return `<!DOCTYPE html>\n<html lang="en-US">\n<head><meta charset="utf-8" /><title>${title}</title></head>\n<body>\n<main id="main">\n${main}\n</main>\n</body>\n</html>\n`;
}

export interface SpeciesFixture {
  readonly id: string;
  readonly name: string;
  readonly formulaHtml: string;
  readonly cas: string;
  readonly condensed?: boolean;
  readonly ir?: boolean;
}

export const SODIUM_CHLORIDE: SpeciesFixture = { id: 'C7647145', name: 'Sodium chloride', formulaHtml: 'ClNa', cas: '7647-14-5', condensed: true, ir: true };
export const HELIUM: SpeciesFixture = { id: 'C7440597', name: 'Helium', formulaHtml: 'He', cas: '7440-59-7', condensed: false };

function speciesHeader(s: SpeciesFixture): string {
  const links = [
    `<li><a href="/cgi/cbook.cgi?ID=${s.id}&amp;Units=SI&amp;Mask=1#Thermo-Gas">Gas phase thermochemistry data</a></li>`,
    s.condensed ? `<li><a href="/cgi/cbook.cgi?ID=${s.id}&amp;Units=SI&amp;Mask=2#Thermo-Condensed">Condensed phase thermochemistry data</a></li>` : '',
    s.ir ? `<li><a href="/cgi/cbook.cgi?ID=${s.id}&amp;Units=SI&amp;Mask=80#IR-Spec">IR Spectrum</a></li>` : '',
  ].join('\n');
  return `<h1 id="Top">${s.name}</h1>
<ul>
<li><strong><a title="IUPAC definition of empirical formula" href="https://goldbook.iupac.org/terms/view/E02063">Formula</a>:</strong> ${s.formulaHtml}</li>
<li><strong><a title="IUPAC definition of relative molecular mass" href="https://goldbook.iupac.org/terms/view/R05271">Molecular weight</a>:</strong> 58.443</li>
<li><strong>CAS Registry Number:</strong> ${s.cas}</li>
<li><strong>Chemical structure:</strong> <img src="/cgi/cbook.cgi?Struct=${s.id}&amp;Type=Color" alt="structure" /></li>
<li><strong>Other data available:</strong>
<ul>
${links}
</ul>
</li>
<li><strong>Options:</strong> <a href="/cgi/cbook.cgi?ID=${s.id}&amp;Units=CAL">Switch to calorie-based units</a></li>
</ul>`;
}

export function webbookSpeciesPage(s: SpeciesFixture): string {
  return page(s.name, speciesHeader(s));
}

const CONDENSED_NACL = `<h2 id="Thermo-Condensed">Condensed phase thermochemistry data</h2>
<p>Go To: <a href="#Top">Top</a>, <a href="#Refs">References</a>, <a href="#Notes">Notes</a></p>
<p>Data compilation copyright by the U.S. Secretary of Commerce on behalf of the U.S.A. All rights reserved.</p>
<table class="data" aria-label="One dimensional data">
<tr><th scope="col">Quantity</th><th scope="col">Value</th><th scope="col">Units</th><th scope="col">Method</th><th scope="col">Reference</th><th scope="col">Comment</th></tr>
<tr class="cal"><td style="text-align: left;">&#916;<sub>f</sub>H&deg;<sub>solid</sub></td><td class="right-nowrap">-411.12</td><td style="text-align: left;">kJ/mol</td><td style="text-align: center;">Review</td><td style="text-align: left;"><a href="#ref-1">Chase, 1998</a></td><td style="text-align: left;">Data last reviewed in June, 1976</td></tr>
<tr class="exp"><td style="text-align: left;">&#916;<sub>f</sub>H&deg;<sub>solid</sub></td><td class="right-nowrap">-411.3 &plusmn; 0.4</td><td style="text-align: left;">kJ/mol</td><td style="text-align: center;">Cm</td><td style="text-align: left;"><a href="#ref-2">Smith and Jones, 1970</a></td><td style="text-align: left;"></td></tr>
<tr class="cal"><td style="text-align: left;">S&deg;<sub>solid,1 bar</sub></td><td class="right-nowrap">72.11</td><td style="text-align: left;">J/mol*K</td><td style="text-align: center;">Review</td><td style="text-align: left;"><a href="#ref-1">Chase, 1998</a></td><td style="text-align: left;">Data last reviewed in June, 1976</td></tr>
</table>
<h3>Constant pressure heat capacity of solid</h3>
<table class="data" aria-label="Constant pressure heat capacity of solid">
<tr><th scope="col">C<sub>p,solid</sub> (J/mol*K)</th><th scope="col">Temperature (K)</th><th scope="col">Reference</th></tr>
<tr><td>50.5</td><td>298.15</td><td><a href="#ref-1">Chase, 1998</a></td></tr>
</table>
<h2 id="Refs">References</h2>
<p>Go To: <a href="#Top">Top</a>, <a href="#Thermo-Condensed">Condensed phase thermochemistry data</a></p>
<p class="ref"><strong id="ref-1">Chase, 1998</strong><br />
Chase, M.W., Jr., NIST-JANAF Themochemical Tables, Fourth Edition, <em>J. Phys. Chem. Ref. Data, Monograph 9</em>, 1998, 1-1951. [<a href="/cgi/cbook.cgi?Source=1998CHA1-1951&amp;Units=SI&amp;Mask=2">all data</a>]</p>
<p class="ref"><strong id="ref-2">Smith and Jones, 1970</strong><br />
Smith, A.; Jones, B., Enthalpy of formation of sodium chloride, <em>J. Chem. Thermodyn.</em>, 1970, 2, 1-10. [<a href="/cgi/cbook.cgi?Source=1970SMI1-10&amp;Units=SI&amp;Mask=2">all data</a>]</p>
<h2 id="Notes">Notes</h2>
<table><tr><th>Symbol</th><th>Meaning</th></tr><tr><td>S&deg;<sub>solid,1 bar</sub></td><td>Entropy of solid at standard conditions (1 bar)</td></tr></table>`;

/** The Mask=2 page: with the condensed-phase section when the species has one. */
export function webbookCondensedPage(s: SpeciesFixture): string {
  return page(s.name, `${speciesHeader(s)}\n${s.condensed ? CONDENSED_NACL : ''}`);
}

/** The Mask=80 page with two IR spectra (indices 0 and 1). */
export function webbookIrPage(s: SpeciesFixture): string {
  return page(s.name, `${speciesHeader(s)}
<h2 id="IR-Spec">IR Spectrum</h2>
<p>Go To: <a href="#Top">Top</a>, <a href="#Refs">References</a></p>
<p>Other spectra: <a href="/cgi/cbook.cgi?ID=${s.id}&amp;Units=SI&amp;Type=IR-SPEC&amp;Index=1#IR-SPEC">SOLID (KBr PELLET)</a></p>
<p><a href="/cgi/cbook.cgi?JCAMP=${s.id}&amp;Index=0&amp;Type=IR">Download spectrum in JCAMP-DX format.</a></p>`);
}

export function webbookMatchesPage(matches: readonly { id: string; name: string }[]): string {
  return page('Search Results', `<h1>Search Results</h1>
<p>A total of ${matches.length} matching species were found.</p>
<ol>
${matches.map((m) => `<li><a href="/cgi/cbook.cgi?ID=${m.id}&amp;Units=SI">${m.name}</a></li>`).join('\n')}
</ol>`);
}

export function webbookNotFoundPage(kind = 'Name'): string {
  return page(`${kind} Not Found`, `<h1>${kind} Not Found</h1>\n<p>No species in the database match the requested ${kind.toLowerCase()}.</p>`);
}

/** A small IR spectrum in the WebBook's JCAMP-DX layout (X++(Y..Y), 1/CM, TRANSMITTANCE). */
export function jcampIr(title = 'SODIUM CHLORIDE'): string {
  return `##TITLE=${title}
##JCAMP-DX=4.24
##DATA TYPE=INFRARED SPECTRUM
##ORIGIN=TEST LABORATORY
##OWNER=NIST Standard Reference Data Program
##STATE=SOLID (KBR PELLET)
##XUNITS=1/CM
##YUNITS=TRANSMITTANCE
##XFACTOR=1.0
##YFACTOR=0.001
##DELTAX=10
##FIRSTX=400
##LASTX=450
##FIRSTY=0.5
##NPOINTS=6
##XYDATA=(X++(Y..Y))
400 500 510 520
430 530 540 550
##END=
`;
}
