import { describe, expect, it } from 'vitest';
import { validationErrors } from './problem.js';

describe('validation errors as JSON pointers', () => {
  it('points at the missing, the unknown and the wrong field, escaping ~ and /', () => {
    const errors = validationErrors('body', [
      {
        keyword: 'required',
        instancePath: '',
        params: { missingProperty: 'email' },
        message: "must have required property 'email'",
      },
      { keyword: 'additionalProperties', instancePath: '/contact', params: { additionalProperty: 'a/b~c' } },
      {
        keyword: 'type',
        instancePath: '/members/0/age',
        params: { type: 'integer' },
        message: 'must be integer',
      },
    ]);
    expect(errors).toEqual([
      { pointer: '/body/email', detail: 'is required' },
      { pointer: '/body/contact/a~1b~0c', detail: 'is not a known field' },
      { pointer: '/body/members/0/age', detail: 'must be integer' },
    ]);
  });
});
