package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The one rule for text that cannot be slid inside a drawing (issue 78): the first way of saying it that fits, else the
 * shortest cut with "…", else nothing; and labels placed apart, each line inside the drawing's edges.
 */
class LabelPlacesTest {
    /** Ten pixels a character: widths a test can count. */
    private static final ToDoubleFunction<String> TEN = t -> t.length() * 10.0;

    @Test
    void theWholeTextWhereItFitsElseTheFirstShorterWayThatDoes() {
        List<String> ways = List.of("155 ms left out, not to scale", "155 ms left out", "155 ms");
        assertEquals("155 ms left out, not to scale", LabelPlaces.shortest(ways, TEN, 290));
        assertEquals("155 ms left out", LabelPlaces.shortest(ways, TEN, 289));
        assertEquals("155 ms", LabelPlaces.shortest(ways, TEN, 60));
    }

    @Test
    void theShortestWayCutWithAnEllipsisThenNothing() {
        List<String> ways = List.of("Server on h2 (10.77.0.2)", "Server");
        assertEquals("Ser…", LabelPlaces.shortest(ways, TEN, 45));
        assertEquals("S…", LabelPlaces.shortest(ways, TEN, 20));
        assertEquals("", LabelPlaces.shortest(ways, TEN, 19));
    }

    @Test
    void aLabelIsSlidInsideTheDrawingAndBelowTheOnesBefore() {
        LabelPlaces places = new LabelPlaces(100);
        List<LabelPlaces.Box> first = places.place(List.of(new LabelPlaces.Box(350, 10, 80, 20)), 400);
        assertEquals(new LabelPlaces.Box(320, 10, 80, 20), first.getFirst(), "slid left of the right edge");
        List<LabelPlaces.Box> second = places.place(List.of(new LabelPlaces.Box(50, 15, 80, 20)), 400);
        assertEquals(100, second.getFirst().left(), "slid right of the ruler");
        List<LabelPlaces.Box> third = places.place(List.of(new LabelPlaces.Box(300, 12, 80, 20)), 400);
        assertEquals(30.5, third.getFirst().top(), "moved down clear of the first");
    }
}
