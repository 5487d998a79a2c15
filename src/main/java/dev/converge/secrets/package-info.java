/**
 * The process's list of sensitive strings and the writer that scrubs them from everything printed:
 * the last line of defence behind the renderers' own masking. A leaf every printing path may use.
 */
package dev.converge.secrets;
