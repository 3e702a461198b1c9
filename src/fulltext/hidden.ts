/**
 * Whether an element of a paper's HTML is invisible to a reader: papers have hidden "ignore all previous
 * instructions" text in white, tiny, transparent or display:none spans, and what a reader cannot see must
 * never reach a model's prompt. Errs on the side of dropping text.
 */
import type { DefaultTreeAdapterTypes as T } from 'parse5';

type Rgba = readonly [number, number, number, number];

export interface Paint {
  /** The background behind the element's text (white unless a parent set one). */
  readonly background: Rgba;
  /** The text colour it inherits (black unless a parent set one). */
  readonly color: Rgba;
}

export const PAGE: Paint = { background: [255, 255, 255, 1], color: [0, 0, 0, 1] };

const NAMED: Readonly<Record<string, Rgba>> = {
  white: [255, 255, 255, 1],
  black: [0, 0, 0, 1],
  snow: [255, 250, 250, 1],
  ivory: [255, 255, 240, 1],
  ghostwhite: [248, 248, 255, 1],
  whitesmoke: [245, 245, 245, 1],
  transparent: [0, 0, 0, 0],
};

/** #fff, #ffffff, #ffffffff, rgb(…), rgba(…), a few names; undefined for what it cannot read. */
export function readColor(value: string): Rgba | undefined {
  const text = value
    .trim()
    .toLowerCase()
    .replace(/\s*!important$/, '');
  if (NAMED[text]) return NAMED[text];
  const hex = /^#([0-9a-f]{3,8})$/.exec(text)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) {
    const [r, g, b, a = 'f'] = hex.split('').map((c) => c + c) as string[];
    return [parseInt(r!, 16), parseInt(g!, 16), parseInt(b!, 16), parseInt(a + a, 16) / 255];
  }
  if (hex && (hex.length === 6 || hex.length === 8)) {
    const part = (i: number) => parseInt(hex.slice(i, i + 2), 16);
    return [part(0), part(2), part(4), hex.length === 8 ? part(6) / 255 : 1];
  }
  const rgb = /^rgba?\(([^)]*)\)$/.exec(text)?.[1];
  if (!rgb) return undefined;
  const parts = rgb.split(/[\s,/]+/).filter(Boolean);
  const channel = (p: string | undefined) => (p?.endsWith('%') ? (parseFloat(p) * 255) / 100 : Number(p));
  const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : Number(parts[3]);
  const color: Rgba = [channel(parts[0]), channel(parts[1]), channel(parts[2]), alpha];
  return color.every(Number.isFinite) ? color : undefined;
}

const close = (a: Rgba, b: Rgba) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) <= 40;

/** A length that shows nothing: 0, under 2px/1.5pt, under 0.15em, under 15 %. */
function tinySize(value: string): boolean {
  const match = /^(-?[\d.]+)\s*(px|pt|em|rem|%|ex|ch|vw|vh|mm|cm|in)?/.exec(value.trim());
  if (!match) return false;
  const n = Number(match[1]);
  const unit = match[2] ?? 'px';
  if (!Number.isFinite(n)) return false;
  if (n <= 0) return true;
  if (unit === 'px' || unit === 'pt' || unit === 'mm') return n < 2;
  if (unit === '%') return n < 15;
  if (unit === 'cm' || unit === 'in') return n < 0.05;
  return n < 0.15;
}

const far = (value: string | undefined) => value !== undefined && /^-\s*\d{3,}/.test(value.trim()) && parseFloat(value) <= -500;

/** The element's inline style as property → value (lower case). */
export function styleOf(element: T.Element): Map<string, string> {
  const style = new Map<string, string>();
  const raw = element.attrs.find((a) => a.name === 'style')?.value ?? '';
  for (const declaration of raw.slice(0, 4000).split(';')) {
    const at = declaration.indexOf(':');
    if (at > 0)
      style.set(
        declaration.slice(0, at).trim().toLowerCase(),
        declaration
          .slice(at + 1)
          .trim()
          .toLowerCase(),
      );
  }
  return style;
}

/** Hidden by an attribute or its inline style, given what is painted behind it; else the paint for its children. */
export function visibility(element: T.Element, paint: Paint): { hidden: true } | { hidden: false; paint: Paint } {
  const attr = (name: string) => element.attrs.find((a) => a.name === name)?.value;
  if (attr('hidden') !== undefined || attr('aria-hidden')?.trim().toLowerCase() === 'true') return { hidden: true };
  if (/\bltx_phantom\b/.test(attr('class') ?? '')) return { hidden: true };
  const style = styleOf(element);
  const get = (name: string) => style.get(name)?.replace(/\s*!important$/, '');
  if (get('display') === 'none' || /^(?:hidden|collapse)$/.test(get('visibility') ?? '')) return { hidden: true };
  const opacity = get('opacity');
  if (opacity !== undefined && parseFloat(opacity) * (opacity.endsWith('%') ? 0.01 : 1) <= 0.05) return { hidden: true };
  const size = get('font-size') ?? (element.tagName === 'font' ? (attr('size') === '0' ? '0' : undefined) : undefined);
  if (size !== undefined && tinySize(size)) return { hidden: true };
  const overflowHidden = /hidden|clip/.test(get('overflow') ?? '');
  for (const box of ['height', 'width', 'max-height', 'max-width'])
    if (overflowHidden && get(box) !== undefined && tinySize(get(box)!)) return { hidden: true };
  if (/rect\(\s*0/.test(get('clip') ?? '') || /inset\(\s*(?:50%|100%)/.test(get('clip-path') ?? '')) return { hidden: true };
  if (/scale\(\s*0(?:[\s,)]|\.0*\))/.test(get('transform') ?? '')) return { hidden: true };
  if (far(get('text-indent')) || (/absolute|fixed/.test(get('position') ?? '') && (far(get('left')) || far(get('top')))))
    return { hidden: true };
  const backgroundValue = get('background-color') ?? get('background')?.split(/\s+(?![^(]*\))/)[0];
  const ownBackground = backgroundValue ? readColor(backgroundValue) : undefined;
  const background = ownBackground && ownBackground[3] > 0.5 ? ownBackground : paint.background;
  const colorValue = get('color') ?? (element.tagName === 'font' ? attr('color') : undefined);
  const own = colorValue ? readColor(colorValue) : undefined;
  const color = own ?? paint.color;
  if (color[3] <= 0.05 || close(color, background)) return { hidden: true };
  return { hidden: false, paint: background === paint.background && color === paint.color ? paint : { background, color } };
}
