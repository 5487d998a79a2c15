package dev.converge.provider.aws.acm;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.route53.DnsNames;
import dev.converge.provider.aws.route53.RecordKey;
import dev.converge.provider.aws.route53.RecordSets;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DNS validation of an ACM certificate through Route 53: wait for ACM to publish the CNAMEs it
 * wants, write them into the zone, wait for ACM to issue, and remove the CNAMEs when the last
 * certificate that needs them is gone.
 */
final class CertificateValidation {

    static final long RECORD_TTL = 300L;

    private final AwsSession session;
    private final RecordSets recordSets;

    CertificateValidation(AwsSession session) {
        this.session = session;
        this.recordSets = new RecordSets(session::route53);
    }

    CertificateDetail describe(String arn) {
        return AwsErrors.call(() -> session.acm().describeCertificate(r -> r.certificateArn(arn))).certificate();
    }

    /**
     * Makes sure the validation records are in {@code zoneId} and waits until ACM issues the
     * certificate. Safe to repeat: the records are UPSERTed, and an issued certificate returns at once.
     */
    CertificateDetail validate(String arn, String zoneId, ProviderContext ctx) {
        Instant start = Instant.now();
        // One deadline for both phases: the declared wait is for the certificate, however ACM spends it.
        Instant deadline = Polling.deadline(ctx, AwsWaits.CERTIFICATE);
        // ACM publishes the records a few seconds after the request; until then the options lack them.
        Latest latest = new Latest(arn);
        CertificateDetail current = Polling.until(ctx, deadline, "ACM to publish the DNS validation records of " + arn, () -> {
            CertificateDetail cert = latest.look();
            return cert.status() != CertificateStatus.PENDING_VALIDATION || ValidationRecord.allPublished(cert.domainValidationOptions())
                    ? Look.done(cert) : Look.pending("waiting for ACM to publish the DNS validation records");
        }, "ValidationRecordsMissing", last -> "ACM did not publish the DNS validation records of " + arn
                + " in time; the certificate exists and the next apply resumes validating it");
        // An issued certificate needs its records too: ACM renews it only while they resolve, so an
        // update after one was deleted or changed by hand writes them back.
        if (current.status() == CertificateStatus.PENDING_VALIDATION || current.status() == CertificateStatus.ISSUED) {
            publish(current, zoneId);
        }
        Latest issued = new Latest(arn, current);
        return Polling.until(ctx, deadline, "certificate " + arn + " to be issued", () -> {
            CertificateDetail cert = issued.look();
            return switch (cert.status()) {
                case ISSUED -> Look.done(cert);
                // The progress line adds the elapsed time; this names what ACM is waiting to see.
                case PENDING_VALIDATION -> Look.pending("waiting for certificate validation (DNS): ACM checks the CNAME "
                        + String.join(", ", ValidationRecord.of(cert.domainValidationOptions()).stream()
                        .map(ValidationRecord::name).toList()));
                default -> throw failed(cert);
            };
        }, "CertificateNotIssued", last -> notIssued(issued.last, zoneId, Duration.between(start, Instant.now())));
    }

    /** The certificate as last read: the first look uses the read at hand, every later one reads it again. */
    private final class Latest {
        private final String arn;
        private CertificateDetail last;
        private boolean fresh;

        Latest(String arn) {
            this(arn, CertificateValidation.this.describe(arn));
        }

        Latest(String arn, CertificateDetail current) {
            this.arn = arn;
            this.last = current;
            this.fresh = true;
        }

        CertificateDetail look() {
            if (!fresh) last = describe(arn);
            fresh = false;
            return last;
        }
    }

    /** One batch for all records; names covered twice (example.com and *.example.com) share one record. */
    private void publish(CertificateDetail cert, String zoneId) {
        List<Change> changes = new ArrayList<>();
        for (ValidationRecord r : ValidationRecord.of(cert.domainValidationOptions())) {
            changes.add(RecordSets.change(ChangeAction.UPSERT, ResourceRecordSet.builder()
                    .name(DnsNames.qualified(r.name())).type(r.type()).ttl(RECORD_TTL)
                    .resourceRecords(rr -> rr.value(DnsNames.qualified(r.value()))).build()));
        }
        if (changes.isEmpty()) return;
        try {
            recordSets.submit(zoneId, changes, "converge: ACM DNS validation of " + cert.domainName());
        } catch (ProviderException e) {
            throw new ProviderException(e.code(), "could not write the DNS validation records of " + cert.certificateArn()
                    + " into hosted zone " + zoneId + " (validation.zoneId must be the zone that holds " + cert.domainName()
                    + "): " + e.getMessage(), e.retryable(), e);
        }
        // No need to wait for INSYNC: ACM keeps looking the records up until they resolve.
    }

    /**
     * Removes the certificate's validation records from the zone, except those another certificate
     * of the account still needs. ACM uses one CNAME per name and account, so a certificate for the
     * same name (another stack's, one made in the console, or this certificate's own replacement,
     * created before this one is deleted) relies on the very same record, now and at every renewal.
     * A record is deleted only with the value ACM gave it: one changed by hand is not ours anymore.
     */
    void removeRecords(String arn, Map<ValidationRecord, Set<String>> records, String zoneId, ProviderContext ctx) {
        if (records.isEmpty()) return;
        List<ValidationRecord> removable = ValidationRecord.removable(records, namesCoveredByOthers(arn));
        List<Change> changes = new ArrayList<>();
        for (ValidationRecord r : removable) {
            Optional<Optional<ResourceRecordSet>> inZone = RecordSets.NOT_FOUND.orEmpty(() -> recordSets.find(new RecordKey(zoneId, r.name(), r.type())));
            if (inZone.isEmpty()) return; // the zone is gone, and its records with it
            Optional<ResourceRecordSet> current = inZone.get();
            current.filter(set -> set.resourceRecords().size() == 1 && DnsNames.same(set.resourceRecords().get(0).value(), r.value()))
                    .ifPresent(set -> changes.add(RecordSets.change(ChangeAction.DELETE, set)));
        }
        if (changes.isEmpty()) return;
        String changeId = recordSets.submit(zoneId, changes, "converge: certificate " + arn + " deleted");
        recordSets.awaitInSync(changeId, "the removal of the certificate's DNS validation records", ctx);
    }

    /**
     * Every name covered by a certificate of the account other than {@code arn} that is issued or
     * still being validated (the only states in which a validation record is used). One
     * ListCertificates page holds up to 1,000 certificates; a certificate is described only when
     * its summary does not list all its names.
     */
    private Set<String> namesCoveredByOthers(String arn) {
        Set<String> names = new HashSet<>();
        var pages = AwsErrors.call(() -> session.acm().listCertificatesPaginator(r -> r
                .certificateStatuses(CertificateStatus.ISSUED, CertificateStatus.PENDING_VALIDATION)
                // Without keyTypes ACM lists only RSA_2048 certificates.
                .includes(f -> f.keyTypes(KeyAlgorithm.knownValues()))
                .maxItems(1000)));
        for (CertificateSummary s : AwsErrors.call(() -> pages.certificateSummaryList().stream().toList())) {
            if (s.certificateArn().equals(arn)) continue;
            names.add(ValidationRecord.baseName(s.domainName()));
            if (!s.hasSubjectAlternativeNameSummaries() || Boolean.TRUE.equals(s.hasAdditionalSubjectAlternativeNames())) {
                CertificateResource.NOT_FOUND.orEmpty(() -> describe(s.certificateArn()))
                        .ifPresent(c -> c.subjectAlternativeNames().forEach(n -> names.add(ValidationRecord.baseName(n))));
            } else {
                s.subjectAlternativeNameSummaries().forEach(n -> names.add(ValidationRecord.baseName(n)));
            }
        }
        return names;
    }

    private static String notIssued(CertificateDetail cert, String zoneId, Duration waited) {
        List<String> names = ValidationRecord.of(cert.domainValidationOptions()).stream().map(ValidationRecord::name).toList();
        return "certificate " + cert.certificateArn() + " for " + cert.domainName()
                + " is still PENDING_VALIDATION after " + Wait.format(waited) + ". It exists, and the next apply resumes waiting for it. "
                + "ACM issues it once the CNAME records " + String.join(", ", names) + " resolve in public DNS: check that hosted zone "
                + zoneId + " is the zone the domain is delegated to (its name servers at the registrar)";
    }

    private static ProviderException failed(CertificateDetail cert) {
        String reason = cert.failureReasonAsString() != null ? cert.failureReasonAsString() : "no reason given";
        return new ProviderException("CertificateFailed", "ACM will not issue certificate " + cert.certificateArn() + " for "
                + cert.domainName() + ": its status is " + cert.statusAsString() + " (" + reason + "). Remove it from the stack "
                + "(or destroy it) and apply again to request a new one" + hint(cert.failureReasonAsString()), false);
    }

    private static String hint(String reason) {
        if (reason == null) return "";
        return switch (reason) {
            case "CAA_ERROR" -> "; a CAA record of the domain does not allow amazon.com to issue for it";
            case "DOMAIN_NOT_ALLOWED", "ADDITIONAL_VERIFICATION_REQUIRED" -> "; AWS needs more information: contact AWS Support";
            case "INVALID_PUBLIC_DOMAIN" -> "; the name is not a valid public domain";
            default -> "";
        };
    }

}
