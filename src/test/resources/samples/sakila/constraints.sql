-- Sakila for H2 (after the rows): the foreign keys that close cycles, and identity columns restarted past the
-- loaded keys. Source and adaptations: README.md beside this file. Licence: LICENSE (BSD).

ALTER TABLE customer ADD CONSTRAINT fk_customer_store FOREIGN KEY (store_id) REFERENCES store (store_id);
ALTER TABLE inventory ADD CONSTRAINT fk_inventory_store FOREIGN KEY (store_id) REFERENCES store (store_id);
ALTER TABLE staff ADD CONSTRAINT fk_staff_store FOREIGN KEY (store_id) REFERENCES store (store_id);
ALTER TABLE payment ADD CONSTRAINT fk_payment_rental FOREIGN KEY (rental_id) REFERENCES rental (rental_id) ON DELETE SET NULL;

ALTER TABLE actor ALTER COLUMN actor_id RESTART WITH 201;
ALTER TABLE country ALTER COLUMN country_id RESTART WITH 110;
ALTER TABLE city ALTER COLUMN city_id RESTART WITH 601;
ALTER TABLE address ALTER COLUMN address_id RESTART WITH 606;
ALTER TABLE language ALTER COLUMN language_id RESTART WITH 7;
ALTER TABLE category ALTER COLUMN category_id RESTART WITH 17;
ALTER TABLE customer ALTER COLUMN customer_id RESTART WITH 600;
ALTER TABLE film ALTER COLUMN film_id RESTART WITH 1001;
ALTER TABLE inventory ALTER COLUMN inventory_id RESTART WITH 4582;
ALTER TABLE staff ALTER COLUMN staff_id RESTART WITH 3;
ALTER TABLE store ALTER COLUMN store_id RESTART WITH 3;
ALTER TABLE payment ALTER COLUMN payment_id RESTART WITH 16032;
ALTER TABLE rental ALTER COLUMN rental_id RESTART WITH 2001;
