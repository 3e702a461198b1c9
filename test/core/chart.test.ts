import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_LAYOUT as L, CHART_PALETTE, axisMax, stackedBarsPng, stackedBarsSvg, textWidth } from '../../src/core/chart.ts';
import { composeRoundup } from '../../src/core/roundup.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));

/** Pixels of `color` (within a little antialiasing) in the plot's column at bar `index` of `bars`. */
function columnHeight(image: PNG, bars: number, index: number, color: string): number {
  const band = (image.width - L.left - L.right) / bars;
  const x = Math.round(L.left + (index + 0.5) * band);
  const [r, g, b] = hex(color);
  let n = 0;
  for (let y = L.top; y < image.height - L.bottom; y += 1) {
    const at = (y * image.width + x) * 4;
    const d = Math.abs(image.data[at]! - r!) + Math.abs(image.data[at + 1]! - g!) + Math.abs(image.data[at + 2]! - b!);
    if (d <= 12) n += 1;
  }
  return n;
}

const pxPerUnit = (max: number) => (L.height - L.top - L.bottom) / max;

describe('server-side charts', () => {
  it('a stacked bar chart decodes as a PNG of the declared size whose bars have the counts’ heights', async () => {
    const series = [
      { name: 'diffusion', counts: [1, 2, 3, 0, 4, 0, 1] },
      { name: 'agents', counts: [0, 5, 1, 2, 0, 0, 3] },
      { name: 'other papers', counts: [2, 1, 0, 5, 1, 0, 0] },
    ];
    const image = await stackedBarsPng({ title: 'Papers per day', categories: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], series });
    expect([...image.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height]).toEqual([L.width, L.height]);
    expect([image.width, image.height]).toEqual([L.width, L.height]);
    expect(image.max).toBe(8); // tallest bar 7 → a round axis of 8 in steps of 2
    expect(image.colors).toEqual(CHART_PALETTE.slice(0, 3));
    for (const [s, { counts }] of series.entries()) {
      for (const [day, count] of counts.entries()) {
        expect(
          Math.abs(columnHeight(png, 7, day, image.colors[s]!) - count * pxPerUnit(image.max)),
          `series ${s}, day ${day}`,
        ).toBeLessThanOrEqual(2);
      }
    }
    // Saturday has no papers: only the white background (and grid lines) in its column.
    expect(columnHeight(png, 7, 5, '#ffffff')).toBeGreaterThan(L.height - L.top - L.bottom - 10);
  });

  it('lays the legend out with DejaVu Sans’s widths: no entry runs into the next', () => {
    const names = ['diffusion', 'video generation', 'Reinforcement Learning', 'other papers'];
    const { svg } = stackedBarsSvg({ title: 't', categories: ['a'], series: names.map((name) => ({ name, counts: [1] })) });
    // Each entry: its colour swatch (a legend path filled with the series colour) at translate(x y), then its name.
    const starts = CHART_PALETTE.slice(0, names.length).map((color) => {
      const swatch = new RegExp(`<path d="M2\\.5 0[^"]*" transform="translate\\(([\\d.]+) ([\\d.]+)\\)" fill="${color}"`).exec(svg);
      return { x: Number(swatch![1]), y: Number(swatch![2]) };
    });
    for (let i = 1; i < names.length; i += 1) {
      if (starts[i]!.y !== starts[i - 1]!.y) continue; // wrapped to the next row
      const end = starts[i - 1]!.x + 14 + 5 + textWidth(names[i - 1]!, '12px');
      expect(starts[i]!.x, names[i]).toBeGreaterThanOrEqual(end);
    }
  });

  it('is the same SVG each time (no animation, no clock) and rounds the axis up', () => {
    const input = { title: 't', categories: ['a', 'b'], series: [{ name: 'x', counts: [3, 9] }] };
    // zrender numbers each chart instance in its class names; the drawing itself must not change.
    const svg = () => stackedBarsSvg(input).svg.replace(/zr\d+-cls-\d+/g, 'cls');
    expect(svg()).toBe(svg());
    expect(axisMax(0)).toEqual({ max: 4, interval: 1 });
    expect(axisMax(9).max).toBe(10);
    expect(axisMax(37).max).toBe(40);
    expect(axisMax(170).max).toBe(200);
  });
});

describe('the roundup’s chart', () => {
  let store: Store;
  afterEach(() => store.close());

  it('draws the week’s papers per topic per day, each paper once', async () => {
    store = Store.open(':memory:');
    // Fri 4 Dec to Thu 10 Dec 2026: 3 diffusion papers and 1 other on Mon 7, 2 agent papers on Wed 9, 1 diffusion agent on Thu 10.
    const day = (date: string, titles: string[]) =>
      store.papers.ingestListing(
        listing(
          'hf-json',
          date,
          titles.map((title, i) => parsed({ title, upvotes: 10 + i, arxivId: `2612.${date.slice(8)}${i}00` })),
        ),
        `l-${date}`,
        `h-${date}`,
        new Date(`${date}T06:00:00Z`),
      );
    day('2026-12-07', ['Fast diffusion sampling', 'Diffusion for video', 'Latent diffusion priors', 'Protein folding at scale']);
    day('2026-12-09', ['Web agents that plan', 'Agents with memory']);
    day('2026-12-10', ['Diffusion policies for agents']);
    day('2026-11-20', ['An old diffusion paper']);
    const channel = { platform: 'slack' as const, id: 'C1' };
    const roundup = await composeRoundup(store, {
      channel,
      date: '2026-12-10',
      since: new Date('2026-12-04T00:00:00Z'),
      until: new Date('2026-12-10T16:00:00Z'),
      topics: ['diffusion', 'agent'],
    });
    const [chart] = roundup.reply.attachments ?? [];
    expect(chart).toMatchObject({
      kind: 'image',
      mimeType: 'image/png',
      filename: 'roundup-2026-W50.png',
      width: L.width,
      height: L.height,
    });
    expect(chart!.alt).toContain('diffusion 4, agent 2, other papers 1');
    const png = PNG.sync.read(Buffer.from(chart!.data));
    const unit = pxPerUnit(4);
    const expected: [number, string, number][] = [
      [3, CHART_PALETTE[0], 3], // Mon 7: diffusion
      [3, CHART_PALETTE[2], 1], // Mon 7: other
      [5, CHART_PALETTE[1], 2], // Wed 9: agents
      [6, CHART_PALETTE[0], 1], // Thu 10: "Diffusion policies for agents" counts under its first topic only
      [6, CHART_PALETTE[1], 0],
      [0, CHART_PALETTE[0], 0], // Fri 4: nothing
    ];
    for (const [bar, color, count] of expected) {
      expect(Math.abs(columnHeight(png, 7, bar, color) - count * unit), `bar ${bar} ${color}`).toBeLessThanOrEqual(2);
    }
  });
});
