// Allowed: an adapter may use the SDK and node I/O.
import '@aws-sdk/client-sns';
import 'node:http';
import '../../consensus/pure.js';
