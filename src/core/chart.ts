/**
 * Charts as PNG images, rendered on the server: echarts draws an SVG (server-side, no DOM, no animation) and
 * resvg turns it into pixels with the bundled DejaVu Sans and no system fonts, so a chart looks the same on
 * every machine and in Docker. The layout is fixed in pixels (CHART_LAYOUT) so a test can read the bars back.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';

const requireHere = createRequire(import.meta.url);
const FONT_FILE = requireHere.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_FAMILY = 'DejaVu Sans';

/**
 * Without a canvas echarts guesses text widths for another font, and DejaVu Sans is wider: legend entries
 * overlapped. These are DejaVu Sans's advance widths (units of 1/2048 em) for the characters charts show.
 */
const ADVANCE: Readonly<Record<string, number>> = {
  ' ': 651, a: 1255, b: 1300, c: 1126, d: 1300, e: 1260, f: 721, g: 1300, h: 1298, i: 569, j: 569, k: 1186, l: 569, m: 1995,
  n: 1298, o: 1253, p: 1300, q: 1300, r: 842, s: 1067, t: 803, u: 1298, v: 1212, w: 1675, x: 1212, y: 1212, z: 1075,
  '.': 651, ',': 651, ':': 690, '-': 739, '(': 799, ')': 799, '’': 651, "'": 563,
}; // prettier-ignore
const DIGIT = 1303;
const UPPER = 1430;
const OTHER = 1300;
const WIDE = 2048;

/** Text width in pixels as DejaVu Sans draws it, for a CSS font such as "bold 15px DejaVu Sans". */
export function textWidth(text: string, font = '12px'): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  let units = 0;
  for (const ch of text) {
    units += ADVANCE[ch] ?? (/\d/.test(ch) ? DIGIT : /[A-Z]/.test(ch) ? UPPER : (ch.codePointAt(0) ?? 0) > 0x2e80 ? WIDE : OTHER);
  }
  return (units * size) / 2048;
}

type Echarts = typeof import('echarts');
let loaded: Echarts | undefined;

/** echarts takes a few hundred milliseconds to load: only a chart pays for it, not every command's start. */
function echarts(): Echarts {
  if (!loaded) {
    loaded = requireHere('echarts') as Echarts;
    loaded.setPlatformAPI({ measureText: (text, font) => ({ width: textWidth(text, font) }) });
  }
  return loaded;
}

/** Where the plot area sits in the image, in pixels; the y axis starts at 0 and ends at the result's `max`. */
export const CHART_LAYOUT = { width: 800, height: 440, left: 56, right: 24, top: 84, bottom: 48, barWidth: 0.6 } as const;
/** Legend names longer than this are cut, so that the legend keeps to two rows above the plot. */
const LEGEND_NAME_MAX = 24;

/** One colour per series, in order; the last is for papers on none of the topics. Distinct from greys and white. */
export const CHART_PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'] as const;
export const MAX_SERIES = CHART_PALETTE.length;

export interface StackedBarsInput {
  readonly title: string;
  /** The bars, left to right (e.g. "Mon 7"). */
  readonly categories: readonly string[];
  /** Stacked bottom to top; each has one count per category. At most MAX_SERIES. */
  readonly series: readonly { readonly name: string; readonly counts: readonly number[] }[];
}

export interface ChartImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** The y axis's top value: a bar of this total fills the plot's height. */
  readonly max: number;
  /** The colour each series was drawn in, by series index. */
  readonly colors: readonly string[];
}

/** A round top for the y axis (1, 2, 5 × 10ⁿ steps, four or five of them), at least the tallest bar. */
export function axisMax(tallest: number): { max: number; interval: number } {
  if (tallest <= 0) return { max: 4, interval: 1 };
  const rough = tallest / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const interval = Math.max(1, step);
  return { max: Math.ceil(tallest / interval) * interval, interval };
}

/** The SVG of a stacked bar chart, as echarts draws it on the server. */
export function stackedBarsSvg(input: StackedBarsInput): { svg: string; max: number; colors: string[] } {
  const L = CHART_LAYOUT;
  const series = input.series.slice(0, MAX_SERIES);
  const totals = input.categories.map((_, i) => series.reduce((sum, s) => sum + Math.max(0, s.counts[i] ?? 0), 0));
  const { max, interval } = axisMax(Math.max(0, ...totals));
  const colors = series.map((_, i) => CHART_PALETTE[i]!);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: L.width, height: L.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: { text: input.title, left: 12, top: 8, textStyle: { fontSize: 15, fontWeight: 'normal', color: '#333333' } },
      legend: { top: 34, left: 12, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      grid: { left: L.left, right: L.right, top: L.top, bottom: L.bottom, containLabel: false },
      xAxis: { type: 'category', data: [...input.categories], axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', min: 0, max, interval, minInterval: 1 },
      series: series.map((s, i) => ({
        name: s.name.length > LEGEND_NAME_MAX ? `${s.name.slice(0, LEGEND_NAME_MAX - 1)}…` : s.name,
        type: 'bar',
        stack: 'papers',
        barWidth: `${L.barWidth * 100}%`,
        data: input.categories.map((_, day) => Math.max(0, s.counts[day] ?? 0)),
        itemStyle: { color: colors[i] },
      })),
    });
    return { svg: chart.renderToSVGString(), max, colors };
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG, rasterised off the event loop (resvg's thread pool). */
export async function stackedBarsPng(input: StackedBarsInput): Promise<ChartImage> {
  const { svg, max, colors } = stackedBarsSvg(input);
  const image = await renderAsync(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  return { png: image.asPng(), width: image.width, height: image.height, max, colors };
}
