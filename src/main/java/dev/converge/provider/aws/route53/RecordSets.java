package dev.converge.provider.aws.route53;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Route 53 record set calls the record and certificate types share: look one record set up,
 * list a zone, submit an atomic change batch, and wait until Route 53 has applied it everywhere.
 */
public final class RecordSets {

    /** The zone is gone, and every record set with it. */
    public static final NotFound NOT_FOUND = NotFound.codes("NoSuchHostedZone");

    /** Route 53's largest page of ListResourceRecordSets. */
    static final String PAGE_SIZE = "300";

    private final Supplier<Route53Client> client;

    public RecordSets(Supplier<Route53Client> client) {
        this.client = client;
    }

    /**
     * The simple-routing record set with exactly this name and type, or empty. One call: Route 53
     * lists from the given name and type onwards, so the first record set is it if it exists.
     */
    public Optional<ResourceRecordSet> find(RecordKey key) {
        var page = AwsErrors.call(() -> client.get().listResourceRecordSets(r -> r.hostedZoneId(key.zoneId())
                .startRecordName(DnsNames.qualified(key.name())).startRecordType(key.type()).maxItems("1")));
        return page.resourceRecordSets().stream()
                .filter(rs -> DnsNames.same(rs.name(), key.name()) && rs.typeAsString().equals(key.type())
                        && rs.setIdentifier() == null)
                .findFirst();
    }

    /**
     * Every record set of a zone, page by page (300 per call, the most Route 53 returns), listed once
     * per refresh for every type that reads the zone: the records' read and the certificates'
     * validation records list the same zone, which cost a Route 53 call each (and Route 53 allows
     * five a second per account). Outside a refresh (an action reading back what it wrote) it is
     * listed afresh.
     */
    public List<ResourceRecordSet> all(String zoneId, ProviderContext context) {
        // Paginators call lazily: the pages are fetched inside the translation of errors.
        return context.shared("route53 record sets of zone " + HostedZoneIds.bare(zoneId), () -> AwsErrors.call(() -> client.get()
                .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId).maxItems(PAGE_SIZE)).resourceRecordSets().stream().toList()));
    }

    public static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }

    /** A TXT record set holding one plain-text value. */
    public static ResourceRecordSet txt(String name, String text, long ttl) {
        return ResourceRecordSet.builder().name(DnsNames.qualified(name)).type(RRType.TXT).ttl(ttl)
                .resourceRecords(r -> r.value(TxtValues.encode(text))).build();
    }

    /** Submits the changes as one batch (all applied or none) and returns the change id. */
    public String submit(String zoneId, List<Change> changes, String comment) {
        try {
            return client.get().changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                    .changeBatch(ChangeBatch.builder().comment(comment).changes(new ArrayList<>(changes)).build()))
                    .changeInfo().id();
        } catch (AwsServiceException e) {
            throw ChangeBatchErrors.translate(e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate(e);
        }
    }

    /** Waits until the change is INSYNC: applied on every Route 53 name server. */
    public void awaitInSync(String changeId, String what, ProviderContext ctx) {
        String waitingFor = "Route 53 to apply " + what + " on all its name servers";
        Polling.until(ctx, AwsWaits.DNS, waitingFor + " (change " + changeId + ")", () -> {
            ChangeStatus status = AwsErrors.call(() -> client.get().getChange(r -> r.id(changeId))).changeInfo().status();
            return status == ChangeStatus.INSYNC ? Look.done(changeId) : Look.pending("waiting for " + waitingFor);
        });
    }
}
