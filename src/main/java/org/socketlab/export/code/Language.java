package org.socketlab.export.code;

/** The languages the code panel writes a session in. */
public enum Language {
    C("C", "c", "c"), JAVA("Java", "java", "java"), PYTHON("Python", "python", "py"), RUST("Rust", "rust", "rs");

    private final String title, id, extension;

    Language(String title, String id, String extension) {
        this.title = title;
        this.id = id;
        this.extension = extension;
    }

    public String title() {
        return title;
    }
    public String id() {
        return id;
    }
    public String extension() {
        return extension;
    }
}
