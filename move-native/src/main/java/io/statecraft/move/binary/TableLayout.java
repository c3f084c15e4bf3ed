package io.statecraft.move.binary;

import java.util.List;

/**
 * How the tables of a binary were arranged: the order of entries in the table header and the
 * order of the table contents after it. The reference serializers use the same fixed order for
 * both, but a reader accepts any order, so a faithful record keeps them.
 *
 * <p>The writer follows this layout for every table that is present in both the layout and the
 * model, drops tables the model has emptied, and appends tables the layout does not mention in
 * {@link TableKind} declaration order.
 */
public record TableLayout(List<TableKind> headerOrder, List<TableKind> contentOrder) {

  /** No recorded layout: the writer uses the canonical order. */
  public static final TableLayout CANONICAL = new TableLayout(List.of(), List.of());

  public TableLayout {
    headerOrder = List.copyOf(headerOrder);
    contentOrder = List.copyOf(contentOrder);
  }
}
