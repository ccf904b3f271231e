/**
 * The names workerd's `node:*` modules export (besides `default`), as workerd 1.20261012.1 answers
 * `Object.keys(await import("node:x"))` (recorded in conformance/golden/). A worker sees exactly
 * these, whatever Node.js runs the dev server: Node 20 lacks some, Node 22+ removed others and
 * added names workerd does not have.
 */

export const cryptoExports: readonly string[] = (
  "Certificate Cipher Cipheriv CryptoKey Decipher Decipheriv DiffieHellman DiffieHellmanGroup ECDH " +
  "Hash Hmac KeyObject PrivateKeyObject PublicKeyObject SecretKeyObject Sign Verify X509Certificate " +
  "checkPrime checkPrimeSync constants createCipher createCipheriv createDecipher createDecipheriv " +
  "createDiffieHellman createDiffieHellmanGroup createECDH createHash createHmac createPrivateKey " +
  "createPublicKey createSecretKey createSign createVerify diffieHellman fips generateKey " +
  "generateKeyPair generateKeyPairSync generateKeySync generatePrime generatePrimeSync " +
  "getCipherInfo getCiphers getCurves getDiffieHellman getFips getHashes getRandomValues hash hkdf " +
  "hkdfSync pbkdf2 pbkdf2Sync privateDecrypt privateEncrypt pseudoRandomBytes publicDecrypt " +
  "publicEncrypt randomBytes randomFill randomFillSync randomInt randomUUID scrypt scryptSync " +
  "secureHeapUsed setEngine setFips sign subtle timingSafeEqual verify webcrypto"
).split(" ");

export const utilExports: readonly string[] = (
  "MIMEParams MIMEType TextDecoder TextEncoder _errnoException _exceptionWithHostPort _extend " +
  "aborted callbackify debug debuglog deprecate format formatWithOptions getCallSite getCallSites " +
  "getSystemErrorMap getSystemErrorMessage getSystemErrorName inherits inspect isArray isBoolean " +
  "isBuffer isDate isDeepStrictEqual isError isFunction isNull isNullOrUndefined isNumber isObject " +
  "isPrimitive isRegExp isString isSymbol isUndefined log parseArgs parseEnv promisify " +
  "stripVTControlCharacters styleText toUSVString transferableAbortController " +
  "transferableAbortSignal types"
).split(" ");

export const bufferExports: readonly string[] = (
  "Blob Buffer File INSPECT_MAX_BYTES SlowBuffer atob btoa constants isAscii isUtf8 kMaxLength " +
  "kStringMaxLength resolveObjectURL transcode"
).split(" ");

export const eventsExports: readonly string[] = (
  "EventEmitter EventEmitterAsyncResource addAbortListener captureRejectionSymbol captureRejections " +
  "defaultMaxListeners errorMonitor getEventListeners getMaxListeners listenerCount on once " +
  "setMaxListeners usingDomains"
).split(" ");

/** `node:process` with workerd's own process (`enable_nodejs_process_v2`, from 2025-09-15). */
export const processExports: readonly string[] = (
  "_channel _debugEnd _debugProcess _disconnect _events _eventsCount _exiting _fatalException " +
  "_getActiveHandles _getActiveRequests _handleQueue _kill _linkedBinding _maxListeners " +
  "_pendingMessage _preload_modules _rawDebug _send _startProfilerIdleNotifier " +
  "_stopProfilerIdleNotifier _tickCallback abort allowedNodeEnvironmentFlags arch argv argv0 assert " +
  "availableMemory binding channel chdir config connected constrainedMemory cpuUsage cwd debugPort " +
  "dlopen domain emitWarning env execArgv execPath execve exit exitCode features finalization " +
  "getActiveResourcesInfo getBuiltinModule getSourceMapsSupport getegid geteuid getgid getgroups " +
  "getuid hasUncaughtExceptionCaptureCallback hrtime initgroups kill loadEnvFile memoryUsage " +
  "moduleLoadList nextTick noDeprecation openStdin permission pid platform ppid reallyExit ref " +
  "release report resourceUsage send setSourceMapsEnabled setUncaughtExceptionCaptureCallback " +
  "setegid seteuid setgid setgroups setuid sourceMapsEnabled stderr stdin stdout threadCpuUsage " +
  "throwDeprecation title traceDeprecation umask unref uptime version versions"
).split(" ");

/** `node:process` as unenv's polyfill, which the official plugin serves before 2025-09-15. */
export const unenvProcessExports: readonly string[] = (
  "_channel _debugEnd _debugProcess _disconnect _events _eventsCount _exiting _fatalException " +
  "_getActiveHandles _getActiveRequests _handleQueue _kill _linkedBinding _maxListeners " +
  "_pendingMessage _preload_modules _rawDebug _send _startProfilerIdleNotifier " +
  "_stopProfilerIdleNotifier _tickCallback abort addListener allowedNodeEnvironmentFlags arch argv " +
  "argv0 assert availableMemory binding channel chdir config connected constrainedMemory cpuUsage " +
  "cwd debugPort disconnect dlopen domain emit emitWarning env eventNames execArgv execPath exit " +
  "exitCode features finalization getActiveResourcesInfo getBuiltinModule getMaxListeners getegid " +
  "geteuid getgid getgroups getuid hasUncaughtExceptionCaptureCallback hrtime initgroups kill " +
  "listenerCount listeners loadEnvFile mainModule memoryUsage moduleLoadList nextTick off on once " +
  "openStdin permission pid platform ppid prependListener prependOnceListener rawListeners " +
  "reallyExit ref release removeAllListeners removeListener report resourceUsage send " +
  "setMaxListeners setSourceMapsEnabled setUncaughtExceptionCaptureCallback setegid seteuid setgid " +
  "setgroups setuid sourceMapsEnabled stderr stdin stdout throwDeprecation title traceDeprecation " +
  "umask unref uptime version versions"
).split(" ");
