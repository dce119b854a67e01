import { expect } from 'chai';
import { decodeEntities, elementAt, hrefs, htmlText, tableRows } from '../../../lib/data/sources/html_text.js';

describe('html text', () => {
  it('decodes named and numeric entities and joins sub/sup text', () => {
    expect(decodeEntities('&#916;&amp;&deg;&plusmn;&#x3b1;&unknown;')).to.equal('Δ&°±α&unknown;');
    expect(htmlText('&#916;<sub>f</sub>H&deg;<sub>solid</sub>')).to.equal('ΔfH°solid');
    expect(htmlText('<td>a<br/>b</td>  <td> c </td>')).to.equal('a b c');
  });

  it('finds the whole element with nested children of the same name', () => {
    const html = 'x<ul><li>a<ul><li>b</li></ul></li></ul>y';
    expect(elementAt(html, 1)).to.equal('<ul><li>a<ul><li>b</li></ul></li></ul>');
  });

  it('splits table rows into cells and reads hrefs with entities decoded', () => {
    expect(tableRows('<table><tr><th>Q</th><th>V</th></tr><tr><td>a</td><td>1</td></tr></table>')).to.deep.equal([['Q', 'V'], ['a', '1']]);
    expect(hrefs('<a href="/c?ID=C1&amp;Mask=2">x</a>')).to.deep.equal(['/c?ID=C1&Mask=2']);
  });
});
