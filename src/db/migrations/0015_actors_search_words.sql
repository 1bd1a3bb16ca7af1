-- Name search by words (src/modules/actors/actors.search-words.ts): a GIN index on the words of each
-- search key finds the records holding every word of a query by intersecting posting lists, which
-- costs what the answer costs, where the trigram KNN walk of 0005 costs ~100-250 ms at a million
-- actors whenever many names are equally near. The KNN stays for ambiguous and misspelt queries.
CREATE INDEX actors_search_words ON actors USING gin (string_to_array(search_key, ' '));

-- Every word any search key holds, so a misspelt query word can be corrected to a known word (its
-- one-edit variants are looked up here) before the intersection. Words are only added: a word no
-- record holds any more costs one lookup and matches nothing.
CREATE TABLE actor_search_words (word text PRIMARY KEY);

CREATE FUNCTION actor_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so two imports adding the same new words take their row locks in the same order.
  INSERT INTO actor_search_words (word)
  SELECT DISTINCT word FROM new_rows, unnest(string_to_array(new_rows.search_key, ' ')) AS word
  WHERE word <> ''
  ORDER BY word
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- Statement-level with a transition table: one insert per statement (an import batch, a COPY chunk).
CREATE TRIGGER actors_search_words_insert AFTER INSERT ON actors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_search_words_add();
CREATE TRIGGER actors_search_words_update AFTER UPDATE ON actors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_search_words_add();

INSERT INTO actor_search_words (word)
SELECT DISTINCT word FROM actors, unnest(string_to_array(actors.search_key, ' ')) AS word
WHERE word <> ''
ON CONFLICT DO NOTHING;
