package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.LabFolder;
import org.socketlab.lab.LabHosts;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;

/**
 * Reads a step's {@code "address"}: only addresses a lesson file may name (loopback; the wildcard when the lesson says
 * it binds it; the lab's hosts when it declares them; a name in the lab's own folder, or an abstract Unix name in the
 * private lab network).
 */
final class AddressField {
    private final LessonFieldReader read;
    private final StepReader.FileSettings file;
    /** Whether the step being read runs only on two machines ({@code "two_hosts_steps"}): the link's addresses. */
    private boolean twoHostsOnly;

    AddressField(LessonFieldReader read, StepReader.FileSettings file) {
        this.read = read;
        this.file = file;
    }

    void twoHostsOnly(boolean on) {
        twoHostsOnly = on;
    }

    String address(JsonNode node, Domain domain) {
        String address = read.string(node, "address");
        if (address.equals(Step.FROM_PLACEHOLDER)) return address; // checked with the call (sendto after a recvfrom)
        LabHosts declaredHosts = file.hosts();
        // A lesson on two machines names them: "h2:{port}" is h2's address on the link.
        if (declaredHosts != null) address = LessonHosts.resolve(declaredHosts, address);
        // Any real port shows whether the rest is well formed; a literal port is checked as written.
        SockAddr sample = SockAddr.parse(Step.withPort(address, 5000), domain);
        if (sample instanceof SockAddr.Unix) {
            // A name in the lab's own folder, never a path of this computer's (docker.sock, the session bus); the
            // messages quote the file's own text.
            if (!AddressPolicy.isAbstract(address)) LabFolder.name(address);
            else if (!file.privateNetwork()) throw new LocalizedException("input.address.unixAbstractHost", address);
            return address;
        }
        // Only the wildcard, and only in a lesson that says it binds it: a lesson file never reaches another machine.
        boolean wildcard = sample instanceof SockAddr.Inet4 v4 && Arrays.equals(v4.address(), new byte[4])
                || sample instanceof SockAddr.Inet6 v6 && Arrays.equals(v6.address(), new byte[16]);
        if (wildcard && !file.anyAddress())
            throw new LocalizedException("lesson.error.anyAddressNotDeclared", sample.text());
        boolean ofAHost = sample instanceof SockAddr.Inet4 && LessonHosts.isHostAddress(address);
        if (ofAHost && declaredHosts == null && !twoHostsOnly)
            throw new LocalizedException("lesson.error.hostAddressUndeclared", sample.text());
        if (!sample.isLoopback() && !wildcard && !ofAHost)
            throw new LocalizedException("input.address.notLoopback", sample.text());
        return address;
    }
}
