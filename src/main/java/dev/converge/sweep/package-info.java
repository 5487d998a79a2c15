/**
 * {@code converge sweep}: everything carrying Converge's ownership tag across regions, grouped by
 * stack and priced, the stacks no stack file declares marked as leaked, and their deletion through
 * destroy (proven ownership only). Depends on {@code refresh} (ownership classification), {@code cost},
 * {@code state}, the AWS connection and provider; nothing depends on it but {@code cli}.
 */
package dev.converge.sweep;
