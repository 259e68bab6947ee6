package org.socketlab.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CaptureUnavailableException;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.HelperRun;

/**
 * Network conditions of the private lab network: drop rules applied with nftables through the lab network's broker
 * ({@code labnet run nft}), in the input hook of the lab network's own loopback, so the capture sees a dropped packet
 * leave and its receiver never gets it. Every dropped packet is logged to a netfilter log group the lab reads with a
 * second capture of its own ({@link WireCapture#startLossLog}), so the journal marks exactly those captured segments
 * {@code lost}. With two machines, what goes to the server is dropped in the second host's input, where it arrives,
 * and that host's log is read the same way. Each change is journaled as a {@code note} of {@code lab}. Never on this
 * computer's own network: there every rule is refused before anything runs.
 */
final class NetworkConditions {
    private static final Duration NFT_LIMIT = Duration.ofSeconds(20);
    private final LabNetwork network;
    private final WireCapture wire;
    private final Journal journal;
    /** The lab's second host now, null with one machine. */
    private final Supplier<@Nullable SecondHost> secondHost;
    private int rules, farRules, markerPort;
    /** Whether the lab's table exists in the lab network (it stays, with its marker rule, after a clear). */
    private boolean table;
    /** The second host whose table exists (it goes with its host), null when none does. */
    private @Nullable SecondHost farTable;

    NetworkConditions(LabNetwork network, WireCapture wire, Journal journal,
            Supplier<@Nullable SecondHost> secondHost) {
        this.network = network;
        this.wire = wire;
        this.journal = journal;
        this.secondHost = secondHost;
    }

    /**
     * Adds the rule; refused (nothing applied) outside a private lab network or without capture. With two machines a
     * rule that drops what goes to the server acts in the second host's kernel, where those packets arrive (labnet's
     * {@code nft-in}), and that host's log is read too; every other rule acts in the first host's.
     */
    synchronized void drop(DropRule rule) {
        if (!network.isPrivate()) throw new LocalizedException("network.notPrivate");
        SecondHost host = rule.direction() == DropRule.Direction.CLIENT_TO_SERVER ? secondHost.get() : null;
        if (host != null && farTable != null && farTable != host) forgetFarTable(); // a new host has no table yet
        boolean made = host != null ? farTable != null : table;
        try {
            markerPort = host != null ? wire.startFarLossLog(host) : wire.startLossLog();
        } catch (CaptureUnavailableException e) {
            throw new LocalizedException("network.noCapture", e.reason().english());
        }
        List<String> operations = new ArrayList<>();
        // A table left by an earlier lab in this network is replaced: rule numbers and counters start afresh.
        if (!made) operations.addAll(DropRule.freshTable(LossLog.LOG_GROUP, markerPort));
        operations.addAll(rule.operation((host != null ? farRules : rules) + 1, LossLog.LOG_GROUP));
        wire.judgeFromNow(); // before the rule exists: no packet it drops passes without its verdict
        try {
            nft(operations, host);
        } catch (LocalizedException e) {
            if (host != null && !made) wire.stopFarLossLog();
            if (!table && farTable == null) wire.stopJudging();
            throw e;
        }
        if (host != null) {
            farTable = host;
            farRules++;
        } else {
            table = true;
            rules++;
        }
        wire.catchUp(); // what crossed the wire before the rule was applied is journaled before its note
        note(lang -> rule.describe(Messages.of(lang)));
    }

    /**
     * Removes every rule (a reset, or the lesson's "clear"); journaled only when there was one. Each table is made
     * again at once, with its marker rule only, in the same nft transaction: the log keeps telling how far it has come,
     * so a packet dropped just before is still known.
     */
    synchronized void clear() {
        if (rules + farRules == 0) return;
        wire.catchUp();
        if (rules > 0) nft(DropRule.resetTable(LossLog.LOG_GROUP, markerPort), null);
        rules = 0;
        if (farRules > 0 && farTable != null) nft(DropRule.resetTable(LossLog.LOG_GROUP, markerPort), farTable);
        farRules = 0;
        wire.catchUp();
        note(lang -> Messages.of(lang).get("network.cleared"));
    }

    /**
     * The second host is going (back to one machine, or the lab ends): its table goes with it, and its log's capture is
     * ended first, since it would keep the host's namespace alive.
     */
    synchronized void forgetFarTable() {
        wire.stopFarLossLog();
        farTable = null;
        farRules = 0;
    }

    synchronized boolean active() {
        return rules + farRules > 0;
    }

    private void note(Function<Lang, String> text) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) texts.put(lang.code(), text.apply(lang));
        journal.append(Lab.ITSELF, new Payload.Note(texts));
    }

    /** One nft transaction, written by the lab network's broker from its templates (never a script of ours). */
    private void nft(List<String> operations, @Nullable SecondHost host) {
        Process nft;
        try {
            nft = host == null ? network.requireBroker().nft(operations) : host.nft(operations);
        } catch (IOException e) {
            throw new LocalizedException("network.nftFailed", String.valueOf(e.getMessage()));
        }
        try {
            HelperRun.Ran ran = HelperRun.finish(nft, "nft", NFT_LIMIT);
            if (!ran.succeeded()) throw new LocalizedException("network.nftFailed", ran.said());
        } catch (IOException e) {
            throw new LocalizedException("network.nftFailed", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("network.nftFailed", "interrupted");
        }
    }
}
