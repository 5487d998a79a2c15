/**
 * S3: the bucket type ({@code BucketResource}) and the helpers only it needs: its naming rules and
 * generated names ({@code BucketNames}), its settings, each a separate S3 API ({@code BucketSettings}),
 * policies compared by meaning ({@code common.PolicyDocuments}), the grant that lets Elastic Load Balancing
 * write access logs ({@code LoadBalancerLogDelivery}), tags ({@code S3Tags}), and counting and
 * emptying a bucket before it is deleted ({@code BucketContents}).
 *
 * <p>S3's CreateBucket takes no tags, so a bucket's ownership is written right after it
 * ({@code OwnershipCarrier.TAGS_AFTER_CREATE}); see {@code BucketResource#create} for how an
 * interrupted create is made safe. ListBuckets filters by nothing, so the stack's buckets are found
 * through the Resource Groups Tagging API plus the names the state knows.
 *
 * <p>May depend on the provider SPI, {@code schema}, {@code dev.converge.aws} and
 * {@code provider.aws.common}; never on {@code provider.aws} (the registry), another service
 * package, or the engine.
 */
package dev.converge.provider.aws.s3;
