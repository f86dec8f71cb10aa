import type { Locale } from '../../types.js';

/** Where an e-Faktur error usually comes from: DJP's side, the user's computer or network, or either. */
export type ErrorSide = 'djp' | 'yours' | 'either';

export interface ErrorCodeHelp {
  readonly codes: string;
  /** The message as the client shows it, when it is worth quoting. */
  readonly message?: string;
  readonly side: ErrorSide;
  readonly meaning: Readonly<Record<Locale, string>>;
  readonly steps: Readonly<Record<Locale, string>>;
}

/*
 * Sources: webkoe.net's e-Faktur FAQ (ETAX-40001/40002/40003/40005, ETAXSERVICE-20017, ETAX-10001..50001,
 * ETAX-30004), Accurate's article on ETAX-API-10001, DDTC News on ETAX-40001 and ETAX-40002, literaturpajak.com's
 * catalogue of e-Faktur errors, and DJP's own advice (retry later, set the proxy, import the certificate from e-Nofa).
 */
export const ERROR_CODES: readonly ErrorCodeHelp[] = [
  {
    codes: 'ETAX-40001',
    message: 'Tidak dapat menghubungi E-TaxInvoice Server',
    side: 'either',
    meaning: {
      id: 'Komputer tidak tersambung ke server DJP: server DJP sibuk atau gangguan, atau ada hambatan di sisi Anda.',
      en: "The computer cannot reach DJP's server: DJP is busy or down, or something on your side blocks it.",
    },
    steps: {
      id: 'Bila status di atas NORMAL: periksa internet, proxy (Referensi > Setting Aplikasi), firewall/antivirus, dan masa berlaku sertifikat elektronik.',
      en: 'If the status above is UP: check the internet connection, the proxy (Referensi > Setting Aplikasi), firewall/antivirus and that the electronic certificate is still valid.',
    },
  },
  {
    codes: 'ETAX-40002',
    side: 'yours',
    meaning: {
      id: 'Sertifikat elektronik rusak atau kedaluwarsa, atau passphrase salah.',
      en: 'The electronic certificate is damaged or expired, or the passphrase is wrong.',
    },
    steps: {
      id: 'Periksa passphrase; impor ulang sertifikat dari e-Nofa, atau ajukan sertifikat baru bila kedaluwarsa.',
      en: 'Check the passphrase; import the certificate again from e-Nofa, or apply for a new one if it expired.',
    },
  },
  {
    codes: 'ETAX-40003, ETAXSERVICE-20017',
    side: 'yours',
    meaning: {
      id: 'Aplikasi belum terdaftar, atau database e-Faktur direset.',
      en: 'The application is not registered, or the e-Faktur database was reset.',
    },
    steps: {
      id: 'Lakukan registrasi ulang aplikasi e-Faktur; bila tetap gagal, hubungi KPP atau Kring Pajak.',
      en: 'Register the e-Faktur application again; if that fails, contact your tax office or Kring Pajak.',
    },
  },
  {
    codes: 'ETAX-40005',
    side: 'yours',
    meaning: {
      id: 'Kode aktivasi, password, passphrase atau captcha salah.',
      en: 'The activation code, password, passphrase or captcha is wrong.',
    },
    steps: {
      id: 'Ketik ulang dengan teliti (perhatikan huruf besar dan kecil).',
      en: 'Type them again carefully (upper and lower case matter).',
    },
  },
  {
    codes: 'ETAX-API-10001',
    message: 'Upload Faktur Corrupt, Lakukan Upload Ulang',
    side: 'djp',
    meaning: {
      id: 'Layanan DJP sedang sibuk atau diperbaiki.',
      en: "DJP's service is busy or being repaired.",
    },
    steps: {
      id: 'Upload ulang beberapa saat lagi atau di luar jam sibuk.',
      en: 'Upload again a little later or outside office hours.',
    },
  },
  {
    codes: 'ETAXSERVICE-40008',
    message: 'Could not send message',
    side: 'djp',
    meaning: {
      id: 'Koneksi ke DJP terputus saat upload (kadang karena jaringan Anda).',
      en: 'The connection to DJP broke during the upload (sometimes because of your network).',
    },
    steps: {
      id: 'Coba lagi; bila sering terjadi saat status NORMAL, periksa kestabilan internet Anda.',
      en: 'Try again; if it keeps happening while the status is UP, check how stable your internet is.',
    },
  },
  {
    codes: 'ETAX-10001, ETAX-10003, ETAX-10005, ETAX-10006, ETAX-50001',
    side: 'yours',
    meaning: {
      id: 'Masalah pada database e-Faktur di komputer Anda.',
      en: 'A problem with the e-Faktur database on your computer.',
    },
    steps: {
      id: 'Tutup lalu buka lagi e-Faktur; bila berlanjut, pulihkan database dari cadangan atau hubungi Kring Pajak.',
      en: 'Close and reopen e-Faktur; if it goes on, restore the database from a backup or call Kring Pajak.',
    },
  },
  {
    codes: 'ETAX-30004',
    side: 'yours',
    meaning: {
      id: 'Sertifikat elektronik tidak dapat dipakai untuk menandatangani.',
      en: 'The electronic certificate cannot be used for signing.',
    },
    steps: {
      id: 'Impor ulang sertifikat elektronik dari e-Nofa.',
      en: 'Import the electronic certificate again from e-Nofa.',
    },
  },
];
