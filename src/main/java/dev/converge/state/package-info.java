/**
 * Converge's record of what it manages: the immutable {@code State} (lineage, serial, target, pending
 * creates), the {@code Target} it belongs to, the local store (atomic snapshots, backup, lock file, a
 * checksummed journal of checkpoints, written per checkpoint and synced when asked) and the S3 store
 * (conditional writes). Depends on {@code crypto},
 * {@code json} and the AWS connection ({@code aws}) for S3; never on a stage.
 */
package dev.converge.state;
