import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';

const folder = new URL('../../../examples/', import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe('examples/', () => {
  it('holds the example configurations', () => {
    expect(files).toContain('efaktur-and-coretax.json');
  });

  it.each(files)('%s is a valid configuration', (name) => {
    expect(() => parseFleetConfig(JSON.parse(readFileSync(new URL(name, folder), 'utf8')))).not.toThrow();
  });

  it('efaktur-and-coretax.json watches what a business on e-Faktur desktop and Coretax depends on', () => {
    const config = parseFleetConfig(
      JSON.parse(readFileSync(new URL('efaktur-and-coretax.json', folder), 'utf8')),
    );
    expect(config.targets.map((t) => `${t.id} ${t.check}`)).toEqual([
      'svc-wsdl efaktur-wsdl',
      'svc-qr efaktur-qr-validation',
      'enofa djp-portal',
      'coretax djp-portal',
      'djponline djp-portal',
    ]);
    expect(config.groups?.map((g) => [g.id, g.targets])).toEqual([
      ['buat-unggah-faktur', ['svc-wsdl', 'enofa', 'coretax']],
    ]);
    expect(config.maintenance.map((w) => [w.targets, w.start, w.end])).toEqual([
      [['coretax'], '2026-12-12T22:00:00+07:00', '2026-12-13T06:00:00+07:00'],
    ]);
    expect(config.policy.maintenanceNoticeMinutes).toBe(120);
  });
});
