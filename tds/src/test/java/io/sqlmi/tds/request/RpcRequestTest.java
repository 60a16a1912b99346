package io.sqlmi.tds.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.tds.types.ColumnType;
import io.sqlmi.tds.types.TypeCodec;
import io.sqlmi.tds.wire.GrowableBuffer;
import org.junit.jupiter.api.Test;

class RpcRequestTest {
    private static void allHeaders(GrowableBuffer out, long descriptor) {
        out.writeInt(22);
        out.writeInt(18);
        out.writeShort(2);
        out.writeLong(descriptor);
        out.writeInt(1);
    }

    private static void parameter(GrowableBuffer out, String name, boolean output, ColumnType type, Object value) {
        out.writeBVarchar(name);
        out.writeByte(output ? 1 : 0);
        TypeCodec.writeTypeInfo(out, type);
        TypeCodec.writeValue(out, type, value);
    }

    @Test
    void batchedCallsByIdAndByNameWithParameters() {
        GrowableBuffer out = new GrowableBuffer();
        allHeaders(out, 77);
        out.writeShort(0xFFFF);
        out.writeShort(ProcedureId.SP_EXECUTESQL);
        out.writeShort(0);
        parameter(out, "", false, ColumnType.nvarchar(100), "SELECT @P0");
        parameter(out, "", false, ColumnType.nvarchar(100), "@P0 int");
        parameter(out, "@P0", false, ColumnType.integer(4), 5);
        out.writeByte(0xFF);
        out.writeShort("sp_prepare".length());
        out.writeUtf16("sp_prepare");
        out.writeShort(0);
        parameter(out, "@handle", true, ColumnType.integer(4), null);

        var calls = RpcRequest.parseAll(out.toByteArray(), true);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).headers().transactionDescriptor()).isEqualTo(77);
        assertThat(calls.get(0).wellKnownId()).isEqualTo(ProcedureId.SP_EXECUTESQL);
        assertThat(calls.get(0).parameters()).extracting(RpcParameter::value).containsExactly("SELECT @P0", "@P0 int", 5);
        assertThat(calls.get(1).wellKnownId()).isEqualTo(ProcedureId.SP_PREPARE);
        assertThat(calls.get(1).parameters().get(0).output()).isTrue();
    }

    @Test
    void transactionManagerBeginAndCommit() {
        GrowableBuffer begin = new GrowableBuffer();
        allHeaders(begin, 0);
        begin.writeShort(5);
        begin.writeByte(TransactionRequest.ISOLATION_SERIALIZABLE);
        begin.writeByte(0);
        TransactionRequest parsed = TransactionRequest.parse(begin.toByteArray(), true);
        assertThat(parsed.kind()).isEqualTo(TransactionRequest.Kind.BEGIN);
        assertThat(parsed.isolationLevel()).isEqualTo(TransactionRequest.ISOLATION_SERIALIZABLE);

        GrowableBuffer commit = new GrowableBuffer();
        allHeaders(commit, 9);
        commit.writeShort(7);
        commit.writeByte(0);
        commit.writeByte(1);
        commit.writeByte(TransactionRequest.ISOLATION_READ_COMMITTED);
        commit.writeByte(8); // MS-TDS 2.2.6.9: the name's length counts bytes
        commit.writeUtf16("next");
        TransactionRequest chained = TransactionRequest.parse(commit.toByteArray(), true);
        assertThat(chained.kind()).isEqualTo(TransactionRequest.Kind.COMMIT);
        assertThat(chained.beginNew()).isTrue();
        assertThat(chained.newName()).isEqualTo("next");
    }
}
