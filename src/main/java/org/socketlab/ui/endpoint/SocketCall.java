package org.socketlab.ui.endpoint;

/** The calls an endpoint pane offers, one button each, with the C prototype shown as the button's tooltip. */
public enum SocketCall {
    SOCKET("socket", "int socket(int domain, int type, int protocol);"),
    BIND("bind", "int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"),
    LISTEN("listen", "int listen(int sockfd, int backlog);"),
    ACCEPT("accept", "int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"),
    CONNECT("connect", "int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"),
    SEND("send", "ssize_t send(int sockfd, const void *buf, size_t len, int flags);"),
    RECV("recv", "ssize_t recv(int sockfd, void *buf, size_t len, int flags);"),
    SENDTO("sendto", "ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,\n               const struct sockaddr *dest_addr, socklen_t addrlen);"),
    RECVFROM("recvfrom", "ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,\n                 struct sockaddr *src_addr, socklen_t *addrlen);"),
    SHUTDOWN("shutdown", "int shutdown(int sockfd, int how);"),
    CLOSE("close", "int close(int fd);"),
    SETSOCKOPT("setsockopt", "int setsockopt(int sockfd, int level, int optname,\n               const void *optval, socklen_t optlen);"),
    FCNTL("fcntl", "int fcntl(int fd, int cmd, ... /* arg */);"),
    GETSOCKOPT("getsockopt", "int getsockopt(int sockfd, int level, int optname,\n               void *optval, socklen_t *optlen);"),
    GETSOCKNAME("getsockname", "int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"),
    GETPEERNAME("getpeername", "int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);");

    private final String cName;
    private final String signature;

    SocketCall(String cName, String signature) {
        this.cName = cName;
        this.signature = signature;
    }

    /** The POSIX name, as on the button: {@code accept}. */
    public String cName() {
        return cName;
    }

    /** The C prototype from the man page. */
    public String signature() {
        return signature;
    }

    /** The key of the one-line explanation shown under the prototype. */
    public String docKey() {
        return "ui.call." + cName + ".doc";
    }
}
