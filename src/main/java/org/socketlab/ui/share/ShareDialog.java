package org.socketlab.ui.share;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.socketlab.capture.LabNetwork;
import org.socketlab.ui.common.Texts;

/**
 * "Share with the room": which of this machine's addresses to serve on (loopback chosen: nothing leaves the machine
 * until the instructor picks the lecture hall's network), the port (0: any free one) and whether to ask students for
 * a nickname. Share starts the server ({@link RoomShare#start}); Cancel leaves everything off.
 */
public final class ShareDialog extends Dialog<ButtonType> {
    private final ComboBox<InetAddress> address = new ComboBox<>();
    private final TextField port = new TextField("0");
    private final CheckBox nicknames = new CheckBox();
    private final ButtonType share;

    public ShareDialog(RoomShare room, Texts texts, Window owner) {
        var m = texts.messages();
        if (owner != null) initOwner(owner);
        setTitle(m.get("ui.share.dialog.title"));
        setHeaderText(m.get("ui.share.dialog.title"));
        getDialogPane().setId("share-dialog");
        address.setId("share-address");
        address.getItems().setAll(addresses());
        address.setCellFactory(list -> new AddressCell(texts));
        address.setButtonCell(new AddressCell(texts));
        address.getSelectionModel().selectFirst(); // loopback: first
        port.setId("share-port");
        port.setPrefColumnCount(6);
        nicknames.setId("share-nicknames");
        nicknames.setText(m.get("ui.share.dialog.nicknames"));
        Label intro = new Label(m.get("ui.share.dialog.intro"));
        intro.setWrapText(true);
        intro.setMaxWidth(560);
        GridPane grid = new GridPane(10, 8);
        grid.addRow(0, new Label(m.get("ui.share.dialog.address")), address);
        grid.addRow(1, new Label(m.get("ui.share.dialog.port")), port);
        grid.add(nicknames, 0, 2, 2, 1);
        VBox content = new VBox(12, intro, grid);
        if (LabNetwork.current().isPrivate()) { // its addresses are the lab's own: say it before anyone shares
            Label inLab = new Label(m.get("ui.share.dialog.inLab"));
            inLab.setId("share-in-lab");
            inLab.setWrapText(true);
            inLab.setMaxWidth(560);
            content.getChildren().add(1, inLab);
        }
        getDialogPane().setContent(content);
        share = new ButtonType(m.get("ui.share.dialog.start"), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(share,
                new ButtonType(m.get("ui.share.dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        getDialogPane().lookupButton(share).setId("share-start");
        setResultConverter(b -> {
            if (b == share) room.start(address.getValue(), port(), nicknames.isSelected());
            return b;
        });
    }

    /** The port typed, or -1 when it is no number (the view-model says so in one line). */
    private int port() {
        try {
            return Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /**
     * Loopback first, then each address of this machine's interfaces that are up (IPv4 before IPv6, link-local IPv6
     * last: a browser rarely takes them). Reading them asks the kernel, no network.
     */
    static List<InetAddress> addresses() {
        List<InetAddress> found = new ArrayList<>();
        found.add(InetAddress.getLoopbackAddress());
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                found.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException unreadable) {
            // loopback alone: the machine's other addresses could not be read
        }
        found.subList(1, found.size()).sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return found;
    }

    private static int rank(InetAddress a) {
        if (a instanceof Inet4Address) return 0;
        return a.isLinkLocalAddress() ? 2 : 1;
    }

    /** An address as the list shows it: loopback says it stays on this computer. */
    private static final class AddressCell extends ListCell<InetAddress> {
        private final Texts texts;

        AddressCell(Texts texts) {
            this.texts = texts;
        }

        @Override
        protected void updateItem(InetAddress item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) setText(null);
            else
                setText(item.isLoopbackAddress()
                        ? texts.messages().get("ui.share.dialog.loopback", item.getHostAddress())
                        : item.getHostAddress());
        }
    }
}
