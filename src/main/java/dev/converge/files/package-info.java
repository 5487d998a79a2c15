/**
 * Reading the files a user gives (the stack, var files, {@code file()} arguments): devices, FIFOs and
 * {@code /proc} files are refused by type before opening, and every read is size-capped.
 *
 * <p>A leaf package: it depends on nothing of Converge's.
 */
package dev.converge.files;
