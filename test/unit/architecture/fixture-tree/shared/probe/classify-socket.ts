// A deliberate layering violation: layers.test.ts checks that the rules report it.
import 'node:net';
