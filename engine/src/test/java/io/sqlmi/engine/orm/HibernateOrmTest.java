package io.sqlmi.engine.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hibernate ORM 7 with its SQL Server dialect against the engine through mssql-jdbc: schema
 * generation from the entities, CRUD, paging (OFFSET ... FETCH with parameters), identity and
 * sequence ids, optimistic locking with @Version, and the types Hibernate maps.
 */
class HibernateOrmTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();
    private static SessionFactory sessions;

    /** An entity with an identity id and a version. */
    @Entity(name = "Customer")
    @Table(name = "customers")
    public static class Customer {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @Column(nullable = false, length = 60)
        String name;
        @Column(unique = true, length = 100)
        String email;
        @Column(precision = 12, scale = 2)
        BigDecimal credit;
        LocalDateTime registered;
        @Version
        int version;
    }

    /** An entity with a sequence id, a many-to-one, an enum, an offset date-time and a UUID. */
    @Entity(name = "Purchase")
    @Table(name = "purchases")
    public static class Purchase {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "purchase_ids")
        @SequenceGenerator(name = "purchase_ids", sequenceName = "purchase_ids", allocationSize = 5)
        Long id;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        Customer customer;
        @Enumerated(EnumType.STRING)
        Status status;
        OffsetDateTime placed;
        UUID reference;
        boolean paid;
    }

    public enum Status { NEW, SHIPPED }

    @BeforeAll
    static void createSessionFactory() {
        Configuration configuration = new Configuration().addAnnotatedClass(Customer.class)
                .addAnnotatedClass(Purchase.class)
                .setProperty("hibernate.connection.url", fixture.url("sendTimeAsDatetime=false"))
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", EngineFixture.SA_PASSWORD)
                .setProperty("hibernate.dialect", "org.hibernate.dialect.SQLServerDialect")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.connection.pool_size", "4");
        sessions = configuration.buildSessionFactory();
    }

    @AfterAll
    static void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    private static Customer customer(String name, String email) {
        Customer customer = new Customer();
        customer.name = name;
        customer.email = email;
        customer.credit = new BigDecimal("100.25");
        customer.registered = LocalDateTime.of(2024, 5, 6, 10, 15, 30, 123_000_000);
        return customer;
    }

    @Test
    void schemaGenerationCreatesTheTablesKeysAndSequence() throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT o.type, o.name FROM sys.objects o "
                     + "WHERE o.type IN ('U', 'F', 'SO') ORDER BY o.type, o.name")) {
            while (rows.next()) {
                found.add(rows.getString(1).trim() + ":" + rows.getString(2));
            }
        }
        assertThat(found).contains("U:customers", "U:purchases", "SO:purchase_ids")
                .anyMatch(entry -> entry.startsWith("F:"));
    }

    @Test
    void crudWithIdentityIdsAndVersions() {
        Long id;
        try (var session = sessions.openSession()) {
            var tx = session.beginTransaction();
            Customer ada = customer("Ada", "ada@example.com");
            Customer bob = customer("Bob", "bob@example.com");
            session.persist(ada);
            session.persist(bob);
            tx.commit();
            assertThat(ada.id).isNotNull();
            assertThat(bob.id).isGreaterThan(ada.id);
            id = ada.id;
        }
        try (var session = sessions.openSession()) {
            Customer ada = session.find(Customer.class, id);
            assertThat(ada.name).isEqualTo("Ada");
            assertThat(ada.credit).isEqualByComparingTo("100.25");
            assertThat(ada.registered).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 15, 30, 123_000_000));
            assertThat(ada.version).isZero();
            var tx = session.beginTransaction();
            ada.credit = new BigDecimal("99.75");
            tx.commit();
            assertThat(ada.version).isEqualTo(1);
        }
        try (var session = sessions.openSession()) {
            var tx = session.beginTransaction();
            session.remove(session.find(Customer.class, id));
            tx.commit();
            assertThat(session.find(Customer.class, id)).isNull();
        }
    }

    @Test
    void pagingReturnsExactlyThePage() {
        try (var session = sessions.openSession()) {
            var tx = session.beginTransaction();
            for (int i = 0; i < 10; i++) {
                session.persist(customer(String.format("page-%02d", i), "page" + i + "@example.com"));
            }
            tx.commit();
            List<String> page = session.createQuery("select c.name from Customer c where c.name like 'page-%' "
                    + "order by c.name", String.class).setFirstResult(3).setMaxResults(4).getResultList();
            assertThat(page).containsExactly("page-03", "page-04", "page-05", "page-06");
            Long count = session.createQuery("select count(c) from Customer c where c.name like 'page-%'", Long.class)
                    .getSingleResult();
            assertThat(count).isEqualTo(10);
        }
    }

    @Test
    void optimisticLockingDetectsAConcurrentChange() {
        Long id;
        try (var session = sessions.openSession()) {
            var tx = session.beginTransaction();
            Customer carol = customer("Carol", "carol@example.com");
            session.persist(carol);
            tx.commit();
            id = carol.id;
        }
        try (var first = sessions.openSession(); var second = sessions.openSession()) {
            Customer mine = first.find(Customer.class, id);
            Customer theirs = second.find(Customer.class, id);
            var theirTx = second.beginTransaction();
            theirs.name = "Carol (theirs)";
            theirTx.commit();
            var myTx = first.beginTransaction();
            mine.name = "Carol (mine)";
            Throwable conflict = catchThrowable(myTx::commit);
            assertThat(conflict).isInstanceOfAny(OptimisticLockException.class,
                    org.hibernate.StaleObjectStateException.class);
        }
        try (var session = sessions.openSession()) {
            assertThat(session.find(Customer.class, id).name).isEqualTo("Carol (theirs)");
        }
    }

    @Test
    void sequenceIdsManyToOneEnumsOffsetsAndUuids() {
        UUID reference = UUID.randomUUID();
        OffsetDateTime placed = OffsetDateTime.of(2024, 5, 6, 10, 0, 0, 0, ZoneOffset.ofHours(2));
        List<Long> ids = new ArrayList<>();
        try (var session = sessions.openSession()) {
            var tx = session.beginTransaction();
            Customer dan = customer("Dan", "dan@example.com");
            session.persist(dan);
            for (int i = 0; i < 7; i++) {
                Purchase purchase = new Purchase();
                purchase.customer = dan;
                purchase.status = i % 2 == 0 ? Status.NEW : Status.SHIPPED;
                purchase.placed = placed.plusMinutes(i);
                purchase.reference = i == 0 ? reference : UUID.randomUUID();
                purchase.paid = i > 3;
                session.persist(purchase);
                ids.add(purchase.id);
            }
            tx.commit();
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        try (var session = sessions.openSession()) {
            Purchase first = session.createQuery("select p from Purchase p join fetch p.customer where p.reference = :r",
                    Purchase.class).setParameter("r", reference).getSingleResult();
            assertThat(first.customer.name).isEqualTo("Dan");
            assertThat(first.status).isEqualTo(Status.NEW);
            assertThat(first.placed.toInstant()).isEqualTo(placed.toInstant());
            assertThat(first.paid).isFalse();
            Long shipped = session.createQuery("select count(p) from Purchase p where p.status = :s and p.paid = true",
                    Long.class).setParameter("s", Status.SHIPPED).getSingleResult();
            assertThat(shipped).isEqualTo(1);
        }
    }
}
