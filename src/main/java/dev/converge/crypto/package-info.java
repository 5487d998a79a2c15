/**
 * Optional client-side encryption of state and saved plans: AES-256-GCM envelopes, with the key from
 * the environment or a data key from AWS KMS. A leaf below {@code state} and {@code plan}.
 */
package dev.converge.crypto;
