import { describe, expect, it } from 'vitest';
import { maintenanceWindowInputSchema } from '../../../shared/maintenance/maintenance-window.js';

const window = (start: string, end: string) => ({ targets: ['svc-wsdl'], start, end });

describe('maintenanceWindowInputSchema: dates that do not exist', () => {
  it.each([
    // Date.parse rolls these over (30 February is 2 March, 24:00 the next day): a typo would move the window.
    ['2026-02-30T22:00:00+07:00', '2026-03-03T02:00:00+07:00'],
    ['2026-03-15T22:00:00+07:00', '2026-03-15T24:00:00+07:00'],
    ['2026-04-31T22:00:00Z', '2026-05-01T02:00:00Z'],
    ['2027-02-29T08:00+07:00', '2027-03-01T08:00+07:00'],
  ])('refuses %s – %s', (start, end) => {
    const parsed = maintenanceWindowInputSchema.safeParse(window(start, end));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toContain('start and end must be real dates');
  });

  it.each([
    ['2028-02-29T22:00:00+07:00', '2028-03-01T02:00:00+07:00'],
    ['2026-12-31T23:59:59.999Z', '2027-01-01T00:00Z'],
  ])('accepts %s – %s', (start, end) => {
    expect(maintenanceWindowInputSchema.safeParse(window(start, end)).success).toBe(true);
  });
});
