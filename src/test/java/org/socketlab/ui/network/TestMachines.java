package org.socketlab.ui.network;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/** For the window's tests in other packages: the Machines control on a lab that moves at once, without a network. */
public final class TestMachines {
    private TestMachines() {
    }

    /** A control whose moves complete at once; on two machines it has no live wire (a change says why it failed). */
    public static MachinesViewModel movingAtOnce(Texts texts, FxInbox inbox) {
        AtomicBoolean onTwo = new AtomicBoolean();
        return new MachinesViewModel(null, onTwo::get, kbit -> {
        }, texts, inbox, hosts -> {
            onTwo.set(hosts != null);
            return CompletableFuture.completedFuture(null);
        });
    }
}
