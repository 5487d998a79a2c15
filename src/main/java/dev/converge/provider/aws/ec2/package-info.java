/**
 * EC2: security groups, instances, Elastic IPs, and the default VPC, subnets and AMI lookups;
 * {@code Ec2Support} holds the ownership filter, tags in create calls and the EC2 tag update.
 *
 * <p>One class per type, plus the helpers only this service needs. May depend on the provider SPI,
 * {@code schema}, {@code dev.converge.aws} and {@code provider.aws.common}; never on
 * {@code provider.aws} (the registry), another service package, or the engine.
 */
package dev.converge.provider.aws.ec2;
