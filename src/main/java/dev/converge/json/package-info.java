/**
 * The one Jackson configuration for state files, saved plans and machine output, so that every file
 * Converge writes reads back the same way. Depends only on {@code schema} (the values it writes).
 */
package dev.converge.json;
