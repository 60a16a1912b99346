package io.sqlmi.engine.exec;

import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.token.Tokens;
import io.sqlmi.tds.types.Column;
import io.sqlmi.tds.types.ColumnType;
import io.sqlmi.tds.types.ResultWriter;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.io.IOException;
import java.util.List;

/**
 * Writes one response message. A statement's DONE is held back until the next token, because
 * only then is it known whether more follows (DONE_MORE) or the response ends; the last DONE
 * goes out final. Attention acknowledgements end the message.
 */
public final class ResponseWriter {
    private final TdsMessageWriter writer;
    private final boolean nullBitmapRows;
    private int pendingToken = -1;
    private int pendingStatus;
    private int pendingCommand;
    private long pendingCount;
    private boolean errorSeen;
    private final GrowableBuffer rowBuffer = new GrowableBuffer(512);

    public ResponseWriter(TdsMessageWriter writer, boolean nullBitmapRows) {
        this.writer = writer;
        this.nullBitmapRows = nullBitmapRows;
    }

    public void begin() {
        writer.beginMessage(PacketType.TABULAR_RESULT);
        pendingToken = -1;
        errorSeen = false;
    }

    public TdsMessageWriter sink() {
        flushPending();
        return writer;
    }

    /** Records a statement's DONE (or DONEINPROC / DONEPROC); it is written with the next token. */
    public void done(int tokenType, int status, int command, long count) {
        flushPending();
        pendingToken = tokenType;
        pendingStatus = status | (errorSeen ? DoneStatus.ERROR : 0);
        pendingCommand = command;
        pendingCount = count;
        errorSeen = false;
    }

    public void message(SqlMessage message) {
        flushPending();
        Tokens.message(writer, message);
        if (!message.informational()) {
            errorSeen = true;
        }
    }

    public void columns(List<Column> columns) {
        flushPending();
        ResultWriter.columnMetadata(writer, columns);
    }

    /**
     * Writes a row. It is encoded aside first: a value that cannot be encoded (a decimal too wide
     * for precision 38) must fail before any of the row reaches the message.
     */
    public void row(List<Column> columns, Object[] values) {
        rowBuffer.reset();
        ResultWriter.row(rowBuffer, columns, values, nullBitmapRows);
        rowBuffer.writeTo(writer);
    }

    public void returnStatus(int value) {
        flushPending();
        Tokens.returnStatus(writer, value);
    }

    public void returnValue(int ordinal, String name, ColumnType type, Object value) {
        flushPending();
        ResultWriter.returnValue(writer, ordinal, name, type, value);
    }

    public void envChangeText(int type, String newValue, String oldValue) {
        flushPending();
        Tokens.envChangeText(writer, type, newValue, oldValue);
    }

    public void envChangeBytes(int type, byte[] newValue, byte[] oldValue) {
        flushPending();
        Tokens.envChangeBytes(writer, type, newValue, oldValue);
    }

    /**
     * Ends the message with the held DONE as the final token. After an attention the response ends
     * in DONE(ERROR) and the acknowledgement follows as a message of its own, as SQL Server does
     * and as mssql-jdbc expects (it reads one more message for the acknowledgement after the
     * response's end).
     */
    public void finish(boolean attentionAcknowledged) throws IOException {
        if (pendingToken >= 0) {
            Tokens.done(writer, pendingToken, pendingStatus | (attentionAcknowledged ? DoneStatus.ERROR : 0),
                    pendingCommand, pendingCount);
            pendingToken = -1;
        } else {
            Tokens.done(writer, TokenType.DONE, errorSeen || attentionAcknowledged ? DoneStatus.ERROR
                    : DoneStatus.FINAL, 0, 0);
        }
        writer.endMessage();
        if (attentionAcknowledged) {
            writer.beginMessage(PacketType.TABULAR_RESULT);
            Tokens.done(writer, TokenType.DONE, DoneStatus.ATTENTION, 0, 0);
            writer.endMessage();
        }
    }

    private void flushPending() {
        if (pendingToken >= 0) {
            Tokens.done(writer, pendingToken, pendingStatus | DoneStatus.MORE, pendingCommand, pendingCount);
            pendingToken = -1;
        }
    }
}
