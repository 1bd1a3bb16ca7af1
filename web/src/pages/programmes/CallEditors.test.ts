import { describe, expect, it } from 'vitest';
import { fieldRowsOf, fieldsOf } from './CallFieldsEditor';
import { EMPTY_SHARE, shareRowsOf, sharesOf } from './CallSharesEditor';

describe('reserved share rows', () => {
  it('reads a fraction as a percent and back without floating-point noise', () => {
    const share = {
      code: 'women_led',
      labelFr: 'Femmes',
      minShare: 0.125,
      rule: { field: 'women_led', op: '=', value: true },
    };
    const [row] = shareRowsOf([share]);
    expect(row?.percent).toBe('12.5');
    expect(row?.condition).toEqual({ field: 'women_led', op: '=', value: 'true' });
    expect(sharesOf(row ? [row] : [])).toEqual([share]);
    // 0.07 * 100 is 7.000000000000001 and 7 / 100 is 0.07: typed "7" or "12,5" stay exact.
    expect(sharesOf([{ ...EMPTY_SHARE, code: 'y', labelFr: 'Y', percent: '7' }])[0]?.minShare).toBe(0.07);
    expect(sharesOf([{ ...EMPTY_SHARE, code: 'y', labelFr: 'Y', percent: '12,5' }])[0]?.minShare).toBe(0.125);
    expect(sharesOf([{ ...EMPTY_SHARE, code: 'y', labelFr: 'Y', percent: '0,07' }])[0]?.minShare).toBe(
      0.0007,
    );
    // Not a number: sent as -1 so the server names the field.
    expect(sharesOf([{ ...EMPTY_SHARE, code: 'y', labelFr: 'Y', percent: 'forty' }])[0]?.minShare).toBe(-1);
  });

  it('keeps a compound rule as saved until its condition is edited', () => {
    const rule = {
      any: [
        { field: 'women_led', op: '=', value: true },
        { field: 'youth_share', op: '>=', value: 50 },
      ],
    };
    const [row] = shareRowsOf([{ code: 'mixed', labelFr: 'Mixte', minShare: 0.3, rule }]);
    expect(row?.savedRule).toEqual(rule);
    expect(sharesOf(row ? [row] : [])[0]?.rule).toEqual(rule);
  });
});

describe('form field rows', () => {
  it('round-trips a choice with its options and keeps what rows do not edit', () => {
    const fields = [
      {
        code: 'size',
        type: 'choice' as const,
        labelFr: 'Taille',
        required: true,
        options: ['small', 'large'],
      },
      {
        code: 'story',
        type: 'text' as const,
        labelFr: 'Histoire',
        labelEn: 'Story',
        maxLength: 500,
        required: false,
      },
    ];
    const rows = fieldRowsOf(fields);
    expect(rows[0]?.options).toBe('small, large');
    expect(fieldsOf(rows)).toEqual(fields);
  });
});
