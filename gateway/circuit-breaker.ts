// moved to lib/: the ticket and payment services' store client uses it too
export * from '../lib/circuit-breaker.js';
