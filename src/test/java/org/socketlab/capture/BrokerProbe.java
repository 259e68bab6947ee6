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
 * program starts a student's and exits with its status.
 */
public final class BrokerProbe {
    private BrokerProbe() {
    }

    public static void main(String[] args) throws Exception {
        LabNetwork network = LabNetwork.current();
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "request", "request-with" -> {
                boolean with = args[0].equals("request-with");
                List<Path> places = with ? Stream.of(args[1].split(",")).map(Path::of).toList() : List.of();
                Process p = with
                        ? BrokerProcess.start(network.requireBroker(), rest.subList(1, rest.size()), places, false)
                        : network.requireBroker().request(rest);
                byte[] out = p.getInputStream().readNBytes(24); // a pcap file header, or nothing
                boolean ended = p.waitFor(5, TimeUnit.SECONDS);
                if (!ended) p.destroy(); // a capture runs until it is stopped
                p.waitFor(20, TimeUnit.SECONDS);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                System.out.println("status " + (ended ? p.exitValue() : "running") + " stdout " + out.length);
                System.out.print(err);
            }
            case "start" -> {
                ProcessBuilder b = new ProcessBuilder(rest).inheritIO();
                System.exit(b.start().waitFor());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
