package org.socketlab.ui.shell;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.ui.endpoint.SocketCall;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShellViewModelTest {
    @Test
    void switchingTheLanguageChangesEveryBoundText() {
        ShellViewModel vm = new ShellViewModel(null, "Plan 9", Lang.EN);
        var title = vm.texts().text("ui.endpoint.server");
        var banner = vm.bannerProperty();
        assertEquals("Server", title.get());
        assertEquals(Messages.of(Lang.EN).get("app.unsupportedOs", "Plan 9"), banner.get());

        vm.setLang(Lang.ES);
        assertEquals("Servidor", title.get());
        assertEquals(Messages.of(Lang.ES).get("app.unsupportedOs", "Plan 9"), banner.get());
    }

    @Test
    void withoutALabNoCallIsMadeAndTheBannerSaysWhy() {
        ShellViewModel vm = new ShellViewModel(null, "Windows 11", Lang.ES);
        vm.client().run(SocketCall.CONNECT);
        vm.resetAll();
        assertEquals(Messages.of(Lang.ES).get("ui.endpoint.unsupported"), vm.client().messageProperty().get());
    }
}
