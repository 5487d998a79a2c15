/**
 * Addresses: the name of one instance of a stack ({@code web}, {@code web[1]}, {@code web["a"]},
 * {@code data.vpc}, {@code module.site.web}), which is also its state key, and in a form every AWS
 * tagging API accepts ({@code AddressTag}), its {@code converge:id} ownership tag.
 *
 * <p>A leaf package, like {@code diag}: it imports nothing of Converge's, so that every stage can name
 * instances without depending on the loader (Terraform's {@code addrs} plays the same role).
 */
package dev.converge.addr;
