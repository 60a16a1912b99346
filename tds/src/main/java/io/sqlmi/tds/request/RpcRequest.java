package io.sqlmi.tds.request;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.types.ColumnType;
import io.sqlmi.tds.types.TypeCodec;
import io.sqlmi.tds.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One remote procedure call of an RPC message (MS-TDS 2.2.6.6). A message may hold several,
 * separated by a batch flag; {@link #parseAll} returns them in order.
 */
public record RpcRequest(AllHeaders headers, int procedureId, String procedureName, int optionFlags,
        List<RpcParameter> parameters) {
    private static final int PROC_ID_FOLLOWS = 0xFFFF;
    private static final int BATCH_FLAG = 0xFF;
    private static final int BATCH_FLAG_PRE_72 = 0x80;
    private static final int NO_EXEC_FLAG = 0xFE;
    private static final int STATUS_BY_REFERENCE = 0x01;
    private static final int MAX_PARAMETERS = 2100;

    /** The name, whether the client sent an id or a name. */
    public String name() {
        return procedureName != null ? procedureName : ProcedureId.name(procedureId);
    }

    /** The well-known id, whether the client sent an id or a name (0 for other procedures). */
    public int wellKnownId() {
        return procedureId != 0 ? procedureId : ProcedureId.idOf(procedureName);
    }

    public static List<RpcRequest> parseAll(byte[] payload, boolean hasAllHeaders) {
        ByteReader reader = new ByteReader(payload);
        AllHeaders headers = hasAllHeaders ? AllHeaders.read(reader) : AllHeaders.NONE;
        List<RpcRequest> calls = new ArrayList<>();
        while (reader.hasRemaining()) {
            calls.add(parseOne(reader, headers));
            if (reader.hasRemaining()) {
                int separator = reader.u8();
                if (separator != BATCH_FLAG && separator != BATCH_FLAG_PRE_72 && separator != NO_EXEC_FLAG) {
                    throw new TdsProtocolException("unexpected byte 0x" + Integer.toHexString(separator)
                            + " between RPCs");
                }
            }
        }
        if (calls.isEmpty()) {
            throw new TdsProtocolException("empty RPC message");
        }
        return calls;
    }

    private static RpcRequest parseOne(ByteReader reader, AllHeaders headers) {
        int nameLength = reader.u16();
        int procedureId = 0;
        String procedureName = null;
        if (nameLength == PROC_ID_FOLLOWS) {
            procedureId = reader.u16();
        } else {
            if (nameLength > 1046) {
                throw new TdsProtocolException("procedure name of " + nameLength + " characters");
            }
            procedureName = reader.utf16(nameLength);
        }
        int optionFlags = reader.u16();
        List<RpcParameter> parameters = new ArrayList<>();
        while (reader.hasRemaining()) {
            int next = peek(reader);
            if (next == BATCH_FLAG || next == BATCH_FLAG_PRE_72 || next == NO_EXEC_FLAG) {
                break;
            }
            if (parameters.size() >= MAX_PARAMETERS) {
                throw new TdsProtocolException("more than " + MAX_PARAMETERS + " parameters");
            }
            String name = reader.bVarchar();
            int status = reader.u8();
            ColumnType type = TypeCodec.readTypeInfo(reader);
            Object value = TypeCodec.readValue(reader, type);
            parameters.add(new RpcParameter(name, (status & STATUS_BY_REFERENCE) != 0, type, value));
        }
        return new RpcRequest(headers, procedureId, procedureName, optionFlags, List.copyOf(parameters));
    }

    private static int peek(ByteReader reader) {
        int position = reader.position();
        int value = reader.u8();
        reader.position(position);
        return value;
    }
}
