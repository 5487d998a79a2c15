/**
 * Amazon SNS: {@code TopicResource} ({@code aws.sns.Topic}, with its subscriptions managed as a set)
 * and the helpers only it needs: {@code Subscriptions} (reading them, subscribing and unsubscribing
 * the difference, and what AWS's confirmation step means for each), {@code EndpointRules} (each
 * endpoint in its protocol's form, checked at plan time) and {@code SnsTags}.
 */
package dev.converge.provider.aws.sns;
