import { describe, expect, it } from 'vitest';
import { checkAnswers, weightedTotal } from './applications.service.js';
import type { CriterionType, FormFieldType } from './programmes.schemas.js';

describe('application form answers', () => {
  const form: FormFieldType[] = [
    { code: 'project', type: 'text', labelFr: 'Projet', required: true, maxLength: 10 },
    { code: 'jobs', type: 'integer', labelFr: 'Emplois', min: 0, max: 50 },
    { code: 'amount', type: 'number', labelFr: 'Montant', min: 1 },
    { code: 'export', type: 'boolean', labelFr: 'Export' },
    { code: 'start', type: 'date', labelFr: 'Début' },
    { code: 'sector', type: 'choice', labelFr: 'Filière', options: ['wool', 'clay'] },
  ];

  it('accepts good answers and leaves optional ones out', () => {
    expect(checkAnswers(form, { project: 'Atelier', jobs: 3, export: false, sector: 'wool' })).toEqual([]);
  });

  it('points at each bad answer', () => {
    const errors = checkAnswers(form, {
      project: 'far too long a text',
      jobs: 2.5,
      amount: 0,
      export: 'yes',
      start: '2026-13-01',
      sector: 'wood',
      extra: 1,
    });
    expect(errors.map((e) => e.pointer)).toEqual([
      '/body/answers/extra',
      '/body/answers/project',
      '/body/answers/jobs',
      '/body/answers/amount',
      '/body/answers/export',
      '/body/answers/start',
      '/body/answers/sector',
    ]);
    expect(checkAnswers(form, {})).toEqual([{ pointer: '/body/answers/project', detail: 'is required' }]);
  });

  it('lets a draft leave required answers out but still checks the ones it gives', () => {
    expect(checkAnswers(form, {}, true)).toEqual([]);
    expect(checkAnswers(form, { jobs: 2.5, other: 1 }, true).map((e) => e.pointer)).toEqual([
      '/body/answers/other',
      '/body/answers/jobs',
    ]);
  });
});

describe('weighted total', () => {
  const grid: CriterionType[] = [
    { code: 'impact', labelFr: 'Impact', weight: 3, max: 20 },
    { code: 'feasibility', labelFr: 'Faisabilité', weight: 1, max: 10 },
  ];
  it('is Σ weight × score / max over Σ weight, on 0..100', () => {
    expect(
      weightedTotal(
        grid,
        new Map([
          ['impact', 15],
          ['feasibility', 5],
        ]),
      ),
    ).toBe(68.75);
    expect(
      weightedTotal(
        grid,
        new Map([
          ['impact', 20],
          ['feasibility', 10],
        ]),
      ),
    ).toBe(100);
    expect(
      weightedTotal(
        grid,
        new Map([
          ['impact', 0],
          ['feasibility', 0],
        ]),
      ),
    ).toBe(0);
  });
  it('waits for every criterion', () => {
    expect(weightedTotal(grid, new Map([['impact', 15]]))).toBeNull();
    expect(weightedTotal([], new Map())).toBeNull();
  });
});
