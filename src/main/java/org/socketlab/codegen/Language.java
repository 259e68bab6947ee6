package org.socketlab.codegen;

/** The languages the code panel writes a session in. */
public enum Language {
    C("C", "c"), JAVA("Java", "java"), PYTHON("Python", "python"), RUST("Rust", "rust");

    private final String title, id;

    Language(String title, String id) {
        this.title = title;
        this.id = id;
    }

    public String title() {
        return title;
    }
    public String id() {
        return id;
    }
}
