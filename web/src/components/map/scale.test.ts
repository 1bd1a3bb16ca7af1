import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS, colourClasses, colourOf, NO_DATA_COLOUR } from './scale';

describe('choropleth colour scale', () => {
  it('splits the range into five classes with whole bounds for whole values', () => {
    const classes = colourClasses([226, 1089, 500, 700, null, 900]);
    expect(classes.map((c) => c.colour)).toEqual([...CLASS_COLOURS]);
    expect(classes[0]?.from).toBe(226);
    expect(classes[4]?.to).toBe(1089);
    expect(classes.every((c) => Number.isInteger(c.from) && Number.isInteger(c.to))).toBe(true);
    expect(colourOf(226, classes)).toBe(CLASS_COLOURS[0]);
    expect(colourOf(1089, classes)).toBe(CLASS_COLOURS[4]);
    expect(colourOf(null, classes)).toBe(NO_DATA_COLOUR);
  });

  it('has one class for one value, none without values, and fewer classes than distinct values', () => {
    expect(colourClasses([5, 5, null])).toEqual([{ from: 5, to: 5, colour: CLASS_COLOURS[2] }]);
    expect(colourClasses([null, null])).toEqual([]);
    expect(colourOf(3, [])).toBe(NO_DATA_COLOUR);
    const two = colourClasses([0.2, 0.8]);
    expect(two).toHaveLength(2);
    expect(two[0]?.colour).toBe(CLASS_COLOURS[0]);
    expect(two[1]?.colour).toBe(CLASS_COLOURS[4]);
    expect(colourOf(0.5, two)).toBe(CLASS_COLOURS[0]);
    expect(colourOf(0.51, two)).toBe(CLASS_COLOURS[4]);
  });
});
