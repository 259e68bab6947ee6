package org.socketlab.capture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test program run inside a lab network (LabNetworkBoundaryTest): {@code request WORD...} sends one raw request to
 * the broker this program was handed and prints {@code status N} and what the program said on stderr;
 * {@code request-with PLACE[,PLACE...] WORD...} does the same with an O_PATH descriptor of each place after the three
 * (as contain's folders and endpoint's channel come); {@code start PROGRAM ARGS...} starts a program as the lab's
 * program starts a student's and exits with its status; {@code each REQUEST -- REQUEST ...} (each a {@code request} or
 * {@code request-with} as above, {@value #NEXT} between them) sends them one after the other to the same broker, each
 * said between {@code request N:} and {@code end of request N}: one lab network and one JVM for a list of requests.
 */
public final class BrokerProbe {
    private BrokerProbe() {
    }

    /** Between two requests of {@code each}: a word no request of the tests holds. */
    public static final String NEXT = "--next-request--";

    public static void main(String[] args) throws Exception {
        LabNetwork network = LabNetwork.current();
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "request", "request-with" -> request(network, Arrays.asList(args));
            case "each" -> {
                int n = 0, from = 0;
                for (int i = 0; i <= rest.size(); i++) {
                    if (i < rest.size() && !rest.get(i).equals(NEXT)) continue;
                    System.out.println("request " + ++n + ":");
                    request(network, rest.subList(from, i));
                    System.out.println("end of request " + n);
                    from = i + 1;
                }
            }
            case "start" -> {
                ProcessBuilder b = new ProcessBuilder(rest).inheritIO();
                System.exit(b.start().waitFor());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void request(LabNetwork network, List<String> args) throws Exception {
        List<String> rest = args.subList(1, args.size());
        boolean with = args.get(0).equals("request-with");
        if (!with && !args.get(0).equals("request")) throw new IllegalArgumentException(args.get(0));
        List<Path> places = with ? Stream.of(rest.get(0).split(",")).map(Path::of).toList() : List.of();
        Process p = with
                ? BrokerProcess.start(network.requireBroker(), rest.subList(1, rest.size()), places, false)
                : network.requireBroker().request(rest);
        byte[] out = p.getInputStream().readNBytes(24); // a pcap file header, or nothing
        // A capture that sent its header runs until it is stopped: said running and stopped now, not after 5 s more.
        boolean ended = !(out.length == 24 && p.isAlive()) && p.waitFor(5, TimeUnit.SECONDS);
        if (!ended) p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("status " + (ended ? p.exitValue() : "running") + " stdout " + out.length);
        System.out.print(err.isEmpty() || err.endsWith("\n") ? err : err + "\n");
        System.out.flush();
    }
}
