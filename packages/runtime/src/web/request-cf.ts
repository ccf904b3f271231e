/**
 * `request.cf` of incoming requests. Locally there is no Cloudflare edge in front of the worker,
 * so these are fixed, plausible values in production's shape (the fields of an HTTPS request, as
 * workerd's local runtime fills them), except `clientAcceptEncoding`: the client's Accept-Encoding.
 */

/** The `cf` of Requests (`request.cf` is a getter on Request.prototype, see thread/scope/fetch-shape.ts). */
const cfOfRequest = new WeakMap<object, unknown>();

export function requestCf(request: object): unknown {
  return cfOfRequest.get(request);
}

export function setRequestCf(request: object, cf: unknown): void {
  if (cf === undefined) cfOfRequest.delete(request);
  else cfOfRequest.set(request, cf);
}

type IncomingCf = Omit<typeof incomingCf, "clientAcceptEncoding"> & { readonly clientAcceptEncoding: string };

const byAcceptEncoding = new Map<string, IncomingCf>();

/**
 * `request.cf` for a request whose client sent `acceptEncoding` ("" when it sent none): production
 * keeps the client's original Accept-Encoding there
 * (https://developers.cloudflare.com/workers/runtime-apis/request/#incomingrequestcfproperties).
 * One frozen object per distinct header value, so the request path allocates nothing.
 */
export function incomingCfFor(acceptEncoding: string): IncomingCf {
  let cf = byAcceptEncoding.get(acceptEncoding);
  if (!cf) {
    cf = Object.freeze({ ...incomingCf, clientAcceptEncoding: acceptEncoding });
    if (byAcceptEncoding.size < 64) byAcceptEncoding.set(acceptEncoding, cf);
  }
  return cf;
}

export const incomingCf = Object.freeze({
  asn: 395747,
  asOrganization: "Kindling Local",
  clientAcceptEncoding: "gzip, deflate, br",
  colo: "DFW",
  continent: "NA",
  country: "US",
  city: "Austin",
  region: "Texas",
  regionCode: "TX",
  postalCode: "78701",
  metroCode: "635",
  latitude: "30.27130",
  longitude: "-97.74260",
  timezone: "America/Chicago",
  clientTcpRtt: 0,
  httpProtocol: "HTTP/1.1",
  requestPriority: "weight=192;exclusive=0",
  tlsVersion: "TLSv1.3",
  tlsCipher: "AEAD-AES128-GCM-SHA256",
  tlsClientAuth: Object.freeze({
    certPresented: "0",
    certVerified: "NONE",
    certRevoked: "0",
    certIssuerDN: "",
    certSubjectDN: "",
    certIssuerDNRFC2253: "",
    certSubjectDNRFC2253: "",
    certIssuerDNLegacy: "",
    certSubjectDNLegacy: "",
    certSerial: "",
    certIssuerSerial: "",
    certSKI: "",
    certIssuerSKI: "",
    certFingerprintSHA1: "",
    certFingerprintSHA256: "",
    certNotBefore: "",
    certNotAfter: "",
  }),
  edgeRequestKeepAliveStatus: 1,
  clientTrustScore: 99,
  botManagement: {
    corporateProxy: false,
    verifiedBot: false,
    jsDetection: { passed: false },
    staticResource: false,
    detectionIds: [],
    score: 99,
  },
});
