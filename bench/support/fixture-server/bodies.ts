/**
 * Bodies the fixture server plays: what the e-Faktur SVC, its proxies and the networks in between answer.
 * The WSDL follows the structure of the public Master Faktur Service WSDL.
 */

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const EFAKTUR_NS = 'http://ws.services.etaxinvoice.pajak.go.id/';

export interface WsdlOptions {
  /** Prefix bound to the WSDL namespace; `''` for the default namespace. @default 'wsdl' */
  readonly prefix?: string;
  /** @default EFAKTUR_NS */
  readonly targetNamespace?: string;
  /** @default 'endpoint/MasterFakturService' */
  readonly name?: string;
  /** Operation of the service. @default 'batalkanDokumenPk' */
  readonly operation?: string;
  /** Line ending. @default '\n' */
  readonly eol?: string;
  /** Starts with `<?xml ...?>`. @default false */
  readonly declaration?: boolean;
}

/** A WSDL 1.1 document shaped like the Master Faktur Service's. */
export function masterFakturWsdl(options: WsdlOptions = {}): string {
  const p = options.prefix ?? 'wsdl';
  const w = (local: string) => (p === '' ? local : `${p}:${local}`);
  const xmlns = p === '' ? `xmlns="${WSDL_NS}"` : `xmlns:${p}="${WSDL_NS}"`;
  const tns = options.targetNamespace ?? EFAKTUR_NS;
  const name = options.name ?? 'endpoint/MasterFakturService';
  const op = options.operation ?? 'batalkanDokumenPk';
  const lines = [
    ...(options.declaration ? ['<?xml version="1.0" encoding="UTF-8"?>'] : []),
    `<${w('definitions')} xmlns:xsd="http://www.w3.org/2001/XMLSchema" ${xmlns} xmlns:tns="${tns}" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:ns1="http://schemas.xmlsoap.org/soap/http" name="${name}" targetNamespace="${tns}">`,
    `  <${w('types')}>`,
    `    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${tns}" attributeFormDefault="unqualified" elementFormDefault="unqualified" targetNamespace="${tns}">`,
    `      <xs:element name="${op}" type="tns:${op}"/>`,
    `      <xs:element name="${op}Response" type="tns:${op}Response"/>`,
    `      <xs:complexType name="${op}">`,
    '        <xs:sequence>',
    '          <xs:element minOccurs="0" name="arg0" type="xs:string"/>',
    '          <xs:element minOccurs="0" name="arg1" type="xs:string"/>',
    '        </xs:sequence>',
    '      </xs:complexType>',
    `      <xs:complexType name="${op}Response">`,
    '        <xs:sequence>',
    '          <xs:element minOccurs="0" name="return" type="xs:string"/>',
    '        </xs:sequence>',
    '      </xs:complexType>',
    '    </xs:schema>',
    `  </${w('types')}>`,
    `  <${w('message')} name="${op}">`,
    `    <${w('part')} element="tns:${op}" name="parameters"></${w('part')}>`,
    `  </${w('message')}>`,
    `  <${w('message')} name="${op}Response">`,
    `    <${w('part')} element="tns:${op}Response" name="parameters"></${w('part')}>`,
    `  </${w('message')}>`,
    `  <${w('portType')} name="${name.replace(/^endpoint\//, '')}">`,
    `    <${w('operation')} name="${op}">`,
    `      <${w('input')} message="tns:${op}" name="${op}"></${w('input')}>`,
    `      <${w('output')} message="tns:${op}Response" name="${op}Response"></${w('output')}>`,
    `    </${w('operation')}>`,
    `  </${w('portType')}>`,
    `</${w('definitions')}>`,
  ];
  return `${lines.join(options.eol ?? '\n')}${options.eol ?? '\n'}`;
}

export const WSDL = masterFakturWsdl();

/** The wording taxpayers report seeing during DJP's planned maintenance. */
export const MAINTENANCE_TEXT =
  'Service e-Faktur sedang dalam perbaikan untuk release update terbaru. Direktorat Jenderal Pajak Kementerian Keuangan';

export const MAINTENANCE_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>e-Faktur</title></head>
<body>
<div class="notice"><h2>Service e-Faktur sedang dalam perbaikan untuk Release update terbaru.</h2>
<p>Direktorat Jenderal Pajak<br>Kementerian Keuangan</p></div>
</body>
</html>
`;

export const MAINTENANCE_ODD_SPACING = `<html><body><p>SERVICE E-FAKTUR   SEDANG\r\n\t dalam&nbsp;&nbsp;PerBaikan
untuk RELEASE update terbaru</p></body></html>`;

export const MAINTENANCE_SPLIT_TAGS =
  '<html><body><p>Service e-Faktur <span>sedang <b>dalam</b>\n<i>perbaikan</i></span>.</p></body></html>';

export const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

export const NGINX_504 = `<html>
<head><title>504 Gateway Time-out</title></head>
<body>
<center><h1>504 Gateway Time-out</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

export const WAF_REJECTED = `<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 13954681270183749207<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`;

export const PORTAL_LOGIN = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>Hotspot Login</title></head>
<body><form method="post" action="/login"><input name="username"><input name="password" type="password">
<button>Masuk</button></form></body>
</html>
`;

/** What Apache CXF answers to a GET on the service address without `?wsdl`. */
export const SOAP_FAULT = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>No binding operation info while invoking unknown method with params unknown.</faultstring></soap:Fault></soap:Body></soap:Envelope>`;

export const JSON_BODY = '{"status":"ok","message":"healthy"}';

/** A WSDL of a service that is not e-Faktur's. */
export const OTHER_SERVICE_WSDL = masterFakturWsdl({
  targetNamespace: 'http://ws.inventory.example.com/',
  name: 'endpoint/InventoryService',
  operation: 'getStock',
});

/** A WSDL in the e-Faktur namespace that describes another service. */
export const OTHER_EFAKTUR_WSDL = masterFakturWsdl({
  name: 'endpoint/ReferensiService',
  operation: 'getReferensi',
});

/** The QR validation answer for a known, approved invoice. */
export const QR_VALID = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<resValidateFakturPm><kdJenisTransaksi>01</kdJenisTransaksi><fgPengganti>0</fgPengganti><nomorFaktur>0100000000001</nomorFaktur><tanggalFaktur>15/03/2026</tanggalFaktur><npwpPenjual>010000000000000</npwpPenjual><namaPenjual>PT CONTOH JAYA</namaPenjual><alamatPenjual>JL. CONTOH NO. 1, JAKARTA</alamatPenjual><npwpLawanTransaksi>020000000000000</npwpLawanTransaksi><namaLawanTransaksi>PT PEMBELI</namaLawanTransaksi><alamatLawanTransaksi>JL. PEMBELI NO. 2, BANDUNG</alamatLawanTransaksi><jumlahDpp>1000000</jumlahDpp><jumlahPpn>110000</jumlahPpn><jumlahPpnBm>0</jumlahPpnBm><statusApproval>Faktur Valid, Sudah Diapprove oleh DJP</statusApproval><statusFaktur>Faktur Pajak Normal</statusFaktur><referensi>INV-2026-0001</referensi><detailTransaksi><nama>Jasa konsultasi</nama><hargaSatuan>1000000</hargaSatuan><jumlahBarang>1</jumlahBarang><hargaTotal>1000000</hargaTotal><diskon>0</diskon><dpp>1000000</dpp><ppn>110000</ppn><tarifPpnbm>0</tarifPpnbm><ppnbm>0</ppnbm></detailTransaksi></resValidateFakturPm>`;

/** The QR validation answer for an invoice DJP does not know: the service still answered. */
export const QR_NOT_FOUND = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<resValidateFakturPm><statusApproval>Faktur tidak Valid, Tidak ditemukan data di DJP</statusApproval></resValidateFakturPm>`;
