/** A sequential colour scale in equal classes, readable on white and distinct for colour-blind users. */
export const CLASS_COLOURS = ['#dbe4ff', '#91a7ff', '#5c7cfa', '#3b5bdb', '#1c2f8f'] as const;
export const NO_DATA_COLOUR = '#e9ecef';

export interface ColourClass {
  from: number;
  to: number;
  colour: string;
}

/** Up to five classes of equal width between the smallest and largest value. */
export function colourClasses(values: readonly (number | null)[]): ColourClass[] {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (min === max) return [{ from: min, to: max, colour: CLASS_COLOURS[2] }];
  const count = Math.min(CLASS_COLOURS.length, new Set(known).size);
  const palette = count === CLASS_COLOURS.length ? CLASS_COLOURS : spread(count);
  const step = (max - min) / count;
  // Whole numbers keep whole class bounds, so the legend reads "226 to 399", not "226 to 398.6".
  const whole = known.every((v) => Number.isInteger(v));
  const bound = (v: number) => (whole ? Math.round(v) : v);
  return palette.map((colour, i) => ({
    from: i === 0 ? min : bound(min + step * i),
    to: i === count - 1 ? max : bound(min + step * (i + 1)),
    colour,
  }));
}

function spread(count: number): string[] {
  const last = CLASS_COLOURS.length - 1;
  if (count === 1) return [CLASS_COLOURS[2]];
  return Array.from(
    { length: count },
    (_, i) => CLASS_COLOURS[Math.round((i * last) / (count - 1))] ?? '#000',
  );
}

export function colourOf(value: number | null, classes: readonly ColourClass[]): string {
  if (value === null || !Number.isFinite(value) || classes.length === 0) return NO_DATA_COLOUR;
  const found = classes.find((c, i) => value <= c.to || i === classes.length - 1);
  return found?.colour ?? NO_DATA_COLOUR;
}
