/**
 * `request.cf` of incoming requests. Locally there is no Cloudflare edge in front of the worker,
 * so these are fixed, plausible values in production's shape.
 */
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
  httpProtocol: "HTTP/1.1",
  requestPriority: "",
  tlsVersion: "",
  tlsCipher: "",
  edgeRequestKeepAliveStatus: 1,
  verifiedBotCategory: "",
  botManagement: {
    corporateProxy: false,
    verifiedBot: false,
    jsDetection: { passed: false },
    staticResource: false,
    detectionIds: [],
    score: 99,
  },
});
