"""SQLAlchemy 2.0 ORM over python-tds (dialect mssql+pytds) against the engine; prints one JSON line.

Arguments: port sa_password ca_file. The Java test (SqlAlchemyOrmTest) asserts on the findings:
schema creation from models (create_all reflects first), ORM inserts (OUTPUT inserted.*),
queries with joins, ordering and paging, updates, optimistic locking (version_id_col), deletes,
and schema reflection through the catalog views (tables, columns, keys, indexes).
"""
import datetime
import decimal
import json
import sys

from sqlalchemy import (Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Unicode, create_engine,
                        func, inspect, select)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.exc import StaleDataError

port, password, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
engine = create_engine(f"mssql+pytds://sa:{password}@localhost:{port}/master",
                       connect_args={"cafile": cafile, "validate_host": True}, future=True)
findings = {}


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Unicode(50), nullable=False, unique=True)
    born: Mapped[datetime.date] = mapped_column(Date, nullable=True)
    books: Mapped[list["Book"]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"), nullable=False)
    title: Mapped[str] = mapped_column(Unicode(100), nullable=False)
    price: Mapped[decimal.Decimal] = mapped_column(Numeric(8, 2), nullable=True)
    published: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=True)
    code: Mapped[str] = mapped_column(String(20), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    author: Mapped[Author] = relationship(back_populates="books")
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_book_title", "title"),)


Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
Base.metadata.create_all(engine)  # a second run finds the tables and creates nothing
findings["tables"] = sorted(inspect(engine).get_table_names())

with Session(engine) as session:
    tolkien = Author(name="Tolkien", born=datetime.date(1892, 1, 3))
    tolkien.books = [Book(title="The Hobbit", price=decimal.Decimal("12.50"),
                          published=datetime.datetime(1937, 9, 21, 10, 30)),
                     Book(title="The Silmarillion", price=decimal.Decimal("20.00"))]
    le_guin = Author(name="Le Guin", books=[Book(title=f"Earthsea {n}", price=decimal.Decimal(n)) for n in range(1, 6)])
    session.add_all([tolkien, le_guin])
    session.commit()
    findings["ids"] = [tolkien.id is not None, all(b.id is not None for b in tolkien.books), le_guin.id > tolkien.id]

    page = session.scalars(select(Book.title).order_by(Book.title).offset(2).limit(3)).all()
    findings["page"] = page
    joined = session.execute(select(Author.name, func.count(Book.id), func.sum(Book.price)).join(Book)
                             .group_by(Author.name).order_by(Author.name)).all()
    findings["per_author"] = [[name, count, str(total)] for name, count, total in joined]
    hobbit = session.scalars(select(Book).where(Book.title == "The Hobbit")).one()
    findings["hobbit"] = [hobbit.author.name, str(hobbit.price), hobbit.published.isoformat(), hobbit.version]
    hobbit.price = decimal.Decimal("13.99")
    session.commit()
    findings["after_update"] = [str(hobbit.price), hobbit.version]

# optimistic locking: a second session changes the row first
with Session(engine) as first, Session(engine) as second:
    mine = first.scalars(select(Book).where(Book.title == "The Silmarillion")).one()
    theirs = second.scalars(select(Book).where(Book.title == "The Silmarillion")).one()
    theirs.price = decimal.Decimal("21.00")
    second.commit()
    mine.price = decimal.Decimal("22.00")
    try:
        first.commit()
        findings["stale"] = "not detected"
    except StaleDataError:
        findings["stale"] = "detected"
        first.rollback()

with Session(engine) as session:
    session.delete(session.scalars(select(Author).where(Author.name == "Le Guin")).one())
    session.commit()
    findings["books_left"] = session.scalar(select(func.count()).select_from(Book))

inspector = inspect(engine)
findings["columns"] = [[c["name"], str(c["type"]), c["nullable"]] for c in inspector.get_columns("book")]
findings["pk"] = inspector.get_pk_constraint("book")["constrained_columns"]
findings["fks"] = [[fk["constrained_columns"], fk["referred_table"], fk["referred_columns"]]
                   for fk in inspector.get_foreign_keys("book")]
findings["indexes"] = sorted([ix["name"], ix["column_names"], bool(ix["unique"])] for ix in inspector.get_indexes("book"))
findings["unique"] = [ix["column_names"] for ix in inspector.get_indexes("author") if ix["unique"]]
Base.metadata.drop_all(engine)
findings["dropped"] = sorted(inspect(engine).get_table_names())
print(json.dumps(findings, sort_keys=True))
