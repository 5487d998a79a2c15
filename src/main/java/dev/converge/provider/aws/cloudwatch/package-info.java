/**
 * Amazon CloudWatch: {@code AlarmResource} ({@code aws.cloudwatch.Alarm}, a metric alarm on one
 * metric with a static threshold), {@code AlarmRules} (what AWS refuses that the schema alone cannot
 * say: periods, datapoints, dimensions) and {@code AlarmTags}.
 */
package dev.converge.provider.aws.cloudwatch;
