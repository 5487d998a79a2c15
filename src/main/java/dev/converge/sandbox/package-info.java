/**
 * The local sandbox behind {@code --sandbox}: starts, finds and stops a moto server on the loopback
 * interface, with its image catalogue and the fixes that make moto answer as AWS does where it does
 * not ({@code sitecustomize.py}). Only an endpoint: the provider reaches it through the same SDK code
 * path as AWS. Depends only on {@code json}.
 */
package dev.converge.sandbox;
