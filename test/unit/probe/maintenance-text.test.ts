import { describe, expect, it } from 'vitest';
import { findMaintenanceText } from '../../../shared/probe/maintenance-text.js';

describe('findMaintenanceText', () => {
  it.each([
    ['plain text', 'Service e-Faktur sedang dalam perbaikan untuk release update terbaru.'],
    ['upper case', 'SERVICE E-FAKTUR SEDANG DALAM PERBAIKAN'],
    ['tabs, newlines and runs of spaces', 'sedang\t\tdalam \r\n   perbaikan'],
    ['non-breaking space entities', 'sedang&nbsp;dalam&#160;perbaikan'],
    ['a raw non-breaking space', 'sedang\u00a0dalam perbaikan'],
    ['tags inside the phrase', 'sedang <b>dalam</b> <i>perbaikan</i>'],
    ['a line break tag between words', 'sedang<br>dalam<br/>perbaikan'],
    ['the title only', '<html><head><title>Sedang dalam perbaikan</title></head><body></body></html>'],
  ])('finds the phrase in %s', (_name, body) => {
    expect(findMaintenanceText(body)?.toLowerCase()).toContain('sedang dalam perbaikan');
  });

  it.each([
    ['a WSDL', '<wsdl:definitions name="endpoint/MasterFakturService"/>'],
    ['another kind of repair notice', 'Halaman dalam perbaikan'],
    ['repair of something else', 'Laporan perbaikan data sedang diproses'],
    ['the word maintenance alone', '<p>Maintenance window: Sunday 22:00 WIB</p>'],
    ['the phrase only inside a comment', '<!-- sedang dalam perbaikan --><p>OK</p>'],
    ['the phrase only inside a script', '<script>var s = "sedang dalam perbaikan";</script><p>OK</p>'],
  ])('does not find it in %s', (_name, body) => {
    expect(findMaintenanceText(body)).toBeNull();
  });

  it.each([
    ['the formal word', 'Aplikasi e-Faktur sedang dalam pemeliharaan sistem.', 'sedang dalam pemeliharaan'],
    ['"proses" inserted', 'Server sedang dalam proses perbaikan.', 'sedang dalam proses perbaikan'],
    ['"proses" with the formal word', 'SEDANG DALAM PROSES PEMELIHARAAN', 'sedang dalam proses pemeliharaan'],
    ['English', '<h1>Site Under Maintenance</h1>', 'under maintenance'],
  ])('finds the variant in %s', (_name, body, phrase) => {
    expect(findMaintenanceText(body)?.toLowerCase()).toContain(phrase);
  });

  it('quotes the page, not its tab title: no "e-Faktur Service e-Faktur sedang …"', () => {
    const page =
      '<html><head><meta charset="utf-8"><title>e-Faktur</title></head>' +
      '<body><h1>Service e-Faktur sedang dalam perbaikan untuk release update terbaru.</h1></body></html>';
    expect(findMaintenanceText(page)).toBe(
      'Service e-Faktur sedang dalam perbaikan untuk release update terbaru.',
    );
  });

  it('still finds maintenance announced only in the title', () => {
    expect(
      findMaintenanceText(
        '<html><head><title>Sedang dalam perbaikan</title></head><body><img src=x></body></html>',
      ),
    ).toBe('Sedang dalam perbaikan');
  });

  it('reads a page of many unclosed titles in one pass each way', () => {
    expect(findMaintenanceText(`${'<title>'.repeat(30_000)} sedang dalam perbaikan`)).toBe(
      'sedang dalam perbaikan',
    );
  });

  it('quotes the sentence that holds the phrase, cut at whole words', () => {
    const page =
      '<h1>Pengumuman</h1><p>Terima kasih. Service e-Faktur sedang dalam perbaikan untuk release update terbaru.</p>';
    expect(findMaintenanceText(page)).toBe(
      'Service e-Faktur sedang dalam perbaikan untuk release update terbaru.',
    );
    const long = `${'kata '.repeat(30)}sedang dalam perbaikan`;
    expect(findMaintenanceText(long)).toMatch(/^kata .*sedang dalam perbaikan$/);
  });
});
