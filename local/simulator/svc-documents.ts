/**
 * What the e-Faktur SVC host answers, modelled on what taxpayers see in a browser: the Master Faktur Service
 * WSDL when up, the maintenance notice during a release, and the QR validation XML.
 */

export const SVC_NAMESPACE = 'http://ws.services.etaxinvoice.pajak.go.id/';

/** The Master Faktur Service WSDL (Apache CXF layout); only the `batalkanDokumenPk` operation is reproduced. */
export function masterFakturWsdl(endpointUrl: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><wsdl:definitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="${SVC_NAMESPACE}" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:ns1="http://schemas.xmlsoap.org/soap/http" name="endpoint/MasterFakturService" targetNamespace="${SVC_NAMESPACE}">
  <wsdl:types>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${SVC_NAMESPACE}" attributeFormDefault="unqualified" elementFormDefault="unqualified" targetNamespace="${SVC_NAMESPACE}">
  <xs:element name="batalkanDokumenPk" type="tns:batalkanDokumenPk"/>
  <xs:element name="batalkanDokumenPkResponse" type="tns:batalkanDokumenPkResponse"/>
  <xs:complexType name="batalkanDokumenPk">
    <xs:sequence>
      <xs:element minOccurs="0" name="arg0" type="xs:string"/>
      <xs:element minOccurs="0" name="arg1" type="xs:string"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="batalkanDokumenPkResponse">
    <xs:sequence>
      <xs:element minOccurs="0" name="return" type="xs:string"/>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
  </wsdl:types>
  <wsdl:message name="batalkanDokumenPk">
    <wsdl:part element="tns:batalkanDokumenPk" name="parameters">
    </wsdl:part>
  </wsdl:message>
  <wsdl:message name="batalkanDokumenPkResponse">
    <wsdl:part element="tns:batalkanDokumenPkResponse" name="parameters">
    </wsdl:part>
  </wsdl:message>
  <wsdl:portType name="MasterFakturService">
    <wsdl:operation name="batalkanDokumenPk">
      <wsdl:input message="tns:batalkanDokumenPk" name="batalkanDokumenPk">
    </wsdl:input>
      <wsdl:output message="tns:batalkanDokumenPkResponse" name="batalkanDokumenPkResponse">
    </wsdl:output>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="endpoint/MasterFakturServiceSoapBinding" type="tns:MasterFakturService">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="batalkanDokumenPk">
      <soap:operation soapAction="" style="document"/>
      <wsdl:input name="batalkanDokumenPk">
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output name="batalkanDokumenPkResponse">
        <soap:body use="literal"/>
      </wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="endpoint/MasterFakturService">
    <wsdl:port binding="tns:endpoint/MasterFakturServiceSoapBinding" name="MasterFakturServicePort">
      <soap:address location="${escapeXml(endpointUrl)}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;
}

/** The notice DJP shows during a release, with the wording taxpayers report. */
export const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>e-Faktur</title></head>
<body>
<h3>Service e-Faktur sedang dalam perbaikan untuk release update terbaru.</h3>
<p>Direktorat Jenderal Pajak Kementerian Keuangan</p>
</body>
</html>
`;

/** What a reverse proxy answers when the application server behind it is gone. */
export const BAD_GATEWAY_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
</body>
</html>
`;

/** One invoice the simulator knows, so the QR check can be pointed at a valid answer too. */
export const KNOWN_INVOICE = { npwp: '010000000000000', nomor: '0100000000001' } as const;

/** The QR validation answer (`resValidateFakturPm`) for an invoice, known or not. */
export function qrValidationXml(npwp: string, nomor: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  if (npwp !== KNOWN_INVOICE.npwp || nomor !== KNOWN_INVOICE.nomor) {
    return `${head}<resValidateFakturPm><statusApproval>Faktur tidak Valid, Tidak ditemukan data di DJP</statusApproval></resValidateFakturPm>`;
  }
  return `${head}<resValidateFakturPm><kdJenisTransaksi>01</kdJenisTransaksi><fgPengganti>0</fgPengganti><nomorFaktur>${nomor}</nomorFaktur><tanggalFaktur>16/03/2026</tanggalFaktur><npwpPenjual>${npwp}</npwpPenjual><namaPenjual>PT CONTOH SIMULASI</namaPenjual><alamatPenjual>JL. GATOT SUBROTO KAV. 40-42, JAKARTA</alamatPenjual><npwpLawanTransaksi>020000000000000</npwpLawanTransaksi><namaLawanTransaksi>PT PEMBELI SIMULASI</namaLawanTransaksi><alamatLawanTransaksi>JL. SUDIRMAN NO. 1, JAKARTA</alamatLawanTransaksi><jumlahDpp>1000000</jumlahDpp><jumlahPpn>110000</jumlahPpn><jumlahPpnBm>0</jumlahPpnBm><statusApproval>Faktur Valid, Sudah Diapprove oleh DJP</statusApproval><statusFaktur>Faktur Pajak Normal</statusFaktur><referensi>INV-0001</referensi><detailTransaksi><nama>Jasa konsultasi</nama><hargaSatuan>1000000</hargaSatuan><jumlahBarang>1</jumlahBarang><hargaTotal>1000000</hargaTotal><diskon>0</diskon><dpp>1000000</dpp><ppn>110000</ppn><tarifPpnbm>0</tarifPpnbm><ppnbm>0</ppnbm></detailTransaksi></resValidateFakturPm>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
