import { expect } from 'chai';
import sharp from 'sharp';
import { compileSpec, prefixSvgIds, renderChart, renderPng, renderSvg } from '../../lib/report/render.js';
import { retrievalHeatmapSpec, trainingCurveSpec } from '../../lib/report/charts.js';
import { makeRetrieval, makeTrainingCurve } from '../helpers/report_fixtures.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function darkPixels(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! < 100 && data[i + 1]! < 100 && data[i + 2]! < 100) dark++;
  return dark;
}

describe('rendering charts to SVG and PNG', () => {
  it('compiles Vega-Lite to a Vega spec with marks', () => {
    const vg = compileSpec(trainingCurveSpec(makeTrainingCurve()));
    expect(vg.marks?.length).to.be.greaterThan(0);
  });

  it('renders a standalone SVG holding the title and axis titles', async () => {
    const svg = await renderSvg(trainingCurveSpec(makeTrainingCurve()));
    expect(svg.startsWith('<svg')).to.equal(true);
    for (const title of ['Training curves', 'Epoch', 'InfoNCE loss (nats)', 'R@1 (fraction of queries)']) expect(svg).to.include(title);
    expect(svg.match(/<svg/g)).to.have.length(1);
  });

  it('rasterises to a PNG with the signature and scale × the SVG size', async () => {
    const chart = await renderChart(retrievalHeatmapSpec(makeRetrieval()), 2);
    const width = Number(/width="(\d+(?:\.\d+)?)"/.exec(chart.svg)![1]);
    const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(chart.svg)![1]);
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
    expect(chart.png.readUInt32BE(16)).to.equal(chart.width);
    expect(chart.png.readUInt32BE(20)).to.equal(chart.height);
    expect(chart.width).to.be.closeTo(2 * width, 1);
    expect(chart.height).to.be.closeTo(2 * height, 1);
  });

  it('draws text with an installed font', async () => {
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/></svg>';
    const text = blank.replace('</svg>', '<text x="5" y="30" font-family="DejaVu Sans, sans-serif" font-size="24" fill="black">Epoch (s)</text></svg>');
    expect(await darkPixels(renderPng(blank, 1).png)).to.equal(0);
    expect(await darkPixels(renderPng(text, 1).png)).to.be.greaterThan(100);
  });

  it('prefixes ids and their references so inlined SVGs do not collide', () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
    const out = prefixSvgIds(svg, 'f2-');
    expect(out).to.include('id="f2-clip1"').and.include('url(#f2-clip1)').and.include('href="#f2-clip1"');
    expect(out).not.to.match(/[("#]clip1/);
  });
});
